/// "Did you mean" help for near misses in keys, ids, enum values and theme names: the one
/// rule for every such hint, in the programme's checks and the terminal's theme loader alike.
public enum Suggest {
    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment), case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }

    /// The closest candidate when it is a plausible typo of `word`; else the first that `word`
    /// begins, when it has three characters or more (a name typed short: 'solarized' for
    /// 'solarized-dark'); else nil. Case-insensitive.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let limit = word.count <= 3 ? 1 : word.count <= 6 ? 2 : 3
        let start = word.count >= 3 ? word.lowercased() : nil
        var best: (String, Int)?, begun: String?
        for c in candidates {
            let d = distance(word, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
            if begun == nil, let start, c.lowercased().hasPrefix(start) { begun = c }
        }
        return best?.0 ?? begun
    }

    /// " (did you mean 'x'?)" or "".
    public static func hint<S: Sequence>(for word: String, in candidates: S) -> String where S.Element == String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
