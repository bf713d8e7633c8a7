import Crypto

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same namespace and name always give the
/// same UUID, so a document that names things by them is the same every time it is made.
public enum NameUUID {
    public static func v5(namespace: [UInt8], name: String) -> String {
        var h = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        h[6] = (h[6] & 0x0F) | 0x50
        h[8] = (h[8] & 0x3F) | 0x80
        let hex = FileHash.hex(h)
        return [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            .joined(separator: "-")
    }
}
