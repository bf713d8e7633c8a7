/// The themes shipped in this folder, built into the binary so they work wherever it is installed.
public enum BuiltinThemes {
    public static let sources: [String: [UInt8]] = [
        "default": PackageResources.default_yaml,
        "high-contrast": PackageResources.high_contrast_yaml,
        "monochrome": PackageResources.monochrome_yaml,
        "solarized-dark": PackageResources.solarized_dark_yaml,
    ]

    /// The reference document `export --format docx` gives pandoc for the report's styles in
    /// Word (Scripts/make-reference-docx.py makes it; docs/report-styles.md says how to change it).
    public static let reportReference: [UInt8] = PackageResources.report_reference_docx
}
