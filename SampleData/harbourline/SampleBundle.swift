// Built into the binary so that `aimsaudit demo` works wherever aimsaudit is installed:
// the sample programme, its evidence files and the script that records the demo audit.
public enum SampleBundle {
    public static let files: [(path: String, bytes: [UInt8])] = [
        ("programme.yaml", PackageResources.programme_yaml),
        ("make-demo.sh", PackageResources.make_demo_sh),
        ("evidence/ava-logging-config.yaml", PackageResources.ava_logging_config_yaml),
        ("evidence/claimsort-drift-report-2026-09.csv", PackageResources.claimsort_drift_report_2026_09_csv),
    ]
}
