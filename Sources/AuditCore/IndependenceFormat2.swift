/// What programme format 2 judges besides format 1's rules: the programme owner on the audit
/// process (IND-09), an external auditor's firm (IND-12), competence (IND-17), peers under one
/// manager (IND-19), and units and direct managers from the people's dated history (IND-05 …
/// IND-07, IND-19) over a range reaching back `cooling_off_months` before fieldwork.
extension Independence {
    struct Format2 {
        /// The window extended back to the cooling-off's start.
        let start: Day, end: Day
        /// Each person's units and direct managers that overlap the range.
        let units: [String: [Held]]
        let managers: [String: [Held]]
        /// The same values without their dates, for telling related pairs apart.
        let unitValues: [String: Set<String>]
        let managerValues: [String: Set<String>]
        let firms: [String: Firm]

        init(_ cx: Context, coolingOffStart: Day) {
            let first = min(cx.window.start, coolingOffStart), last = cx.window.end
            start = first
            end = last
            func inRange(_ h: Held) -> Bool { DayInterval(from: h.from, to: h.to).overlaps(first, last) }
            var units: [String: [Held]] = [:], managers: [String: [Held]] = [:]
            for p in cx.programme.people {
                units[p.id] = p.held(.unit).filter(inRange)
                managers[p.id] = p.held(.manager).filter(inRange)
            }
            self.units = units
            self.managers = managers
            unitValues = units.mapValues { Set($0.map(\.value)) }
            managerValues = managers.mapValues { Set($0.map(\.value)) }
            firms = Dictionary(cx.programme.firms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }

        struct AuditorFacts {
            let units: Set<String>
            let managers: Set<String>
            /// Judged on every item: the programme owner (on the audit process) or an external
            /// auditor whose firm worked on the AIMS.
            let isProgrammeOwner: Bool
            let firmWorked: Bool
            /// Competences held on the first day of fieldwork.
            let competent: Set<String>
        }

        struct ItemFacts {
            let isAuditProcess: Bool
            let needs: [String]
            let owners: [(person: String, units: Set<String>, managers: Set<String>)]
        }

        func facts(auditor id: String, _ cx: Context) -> AuditorFacts {
            let person = cx.people[id]
            let firm = person.flatMap { p in p.external ? p.employer.flatMap { firms[$0] } : nil }
            return AuditorFacts(units: unitValues[id] ?? [], managers: managerValues[id] ?? [],
                                isProgrammeOwner: cx.programme.organisation.owner == id, firmWorked: !(firm?.work.isEmpty ?? true),
                                competent: Set(person?.competences.filter { person!.holds($0, on: cx.audit.fieldwork.from) } ?? []))
        }

        func facts(_ item: ChecklistItem) -> ItemFacts {
            ItemFacts(isAuditProcess: RequirementID.isWithin(item.key.requirement, prefix: "9.2"), needs: item.entry?.needs ?? [],
                      owners: item.owners.map { ($0.person, unitValues[$0.person] ?? [], managerValues[$0.person] ?? []) })
        }

        /// Whether any rule of either format can apply to a pair with no role or conflict between
        /// them: values alike are enough here, `judged` compares the dates.
        static func related(_ a: Independence.AuditorFacts, _ mine: AuditorFacts, _ item: Independence.ItemFacts, _ its: ItemFacts) -> Bool {
            if (mine.isProgrammeOwner && its.isAuditProcess) || mine.firmWorked { return true }
            if its.needs.contains(where: { !mine.competent.contains($0) }) { return true }
            return zip(item.owners, its.owners).contains { o, dated in
                o.person != a.id && (a.chain.contains(o.person) || o.chain.contains(a.id) || !mine.units.isDisjoint(with: dated.units)
                                     || !mine.managers.isDisjoint(with: dated.managers) || mine.managers.contains(o.person)
                                     || dated.managers.contains(a.id))
            }
        }

        /// ", 3 weeks before fieldwork" after a day before fieldwork; nothing after one later.
        func before(_ day: Day, _ cx: Context) -> String {
            let fieldwork = cx.audit.fieldwork.from
            return day < fieldwork ? ", \(spanInWords(days: fieldwork.days(since: day))) before fieldwork" : ""
        }

        /// IND-05 from the history: an owner who was the auditor's direct manager in the range.
        func formerManagers(of auditor: String, among owners: [ItemOwner], _ judge: Independence) -> [String] {
            let cx = judge.cx
            return owners.compactMap { o in
                guard let h = (managers[auditor] ?? []).filter({ $0.value == o.person && !$0.isCurrent }).max(by: { $0.to! < $1.to! }) else { return nil }
                return "\(cx.name(o.person)), \(o.what), was the manager of \(cx.name(auditor)) until \(h.to!)\(before(h.to!, cx))"
            }
        }

        /// IND-06 from the history: an owner whose direct manager the auditor was in the range.
        func formerReports(of auditor: String, among owners: [ItemOwner], _ judge: Independence) -> [String] {
            let cx = judge.cx
            return owners.compactMap { o in
                guard let h = (managers[o.person] ?? []).filter({ $0.value == auditor && !$0.isCurrent }).max(by: { $0.to! < $1.to! }) else { return nil }
                return "\(cx.name(auditor)) was the manager of \(cx.name(o.person)), \(o.what), until \(h.to!)\(before(h.to!, cx))"
            }
        }

        /// The latest day two people held the same value at once in the range, per value: nil
        /// when both still do.
        func shared(_ a: [Held], _ b: [Held]) -> [(value: String, until: Day?)] {
            // The usual: one unit or manager each, and no history.
            if a.count == 1, b.count == 1 {
                guard a[0].value == b[0].value, let o = a[0].overlap(b[0], within: start, end) else { return [] }
                return [(a[0].value, o.to)]
            }
            var latest: [String: Day?] = [:]
            for x in a {
                for y in b where x.value == y.value {
                    guard let o = x.overlap(y, within: start, end) else { continue }
                    if let known = latest[x.value] {
                        if let k = known, let t = o.to { latest[x.value] = max(k, t) } else { latest[x.value] = .some(nil) }
                    } else {
                        latest[x.value] = .some(o.to)
                    }
                }
            }
            return latest.map { ($0.key, $0.value) }.sorted { $0.value < $1.value }
        }

        /// IND-07, dated: a unit the auditor and an owner were in at the same time in the range.
        func sharedUnits(_ auditor: String, _ owners: [ItemOwner], _ judge: Independence) -> [String] {
            let cx = judge.cx
            return owners.flatMap { o in
                shared(units[auditor] ?? [], units[o.person] ?? []).map { unit, until in
                    guard let until else { return "\(cx.name(auditor)) and \(cx.name(o.person)), \(o.what), are both in unit \(unit)" }
                    return "\(cx.name(auditor)) and \(cx.name(o.person)), \(o.what), were both in unit \(unit) until \(until)\(before(until, cx))"
                }
            }
        }

        /// Format 2's own rules on one pair.
        func verdicts(auditor: String, item: ChecklistItem, _ judge: Independence) -> [Verdict] {
            let cx = judge.cx
            var out: [Verdict] = []
            func add(_ rule: Rule, _ level: Level, _ reasons: [String]) {
                guard !reasons.isEmpty else { return }
                out.append(Verdict(auditor: auditor, item: item.key, rule: rule, level: level, reason: reasons.joined(separator: "; ")))
            }
            let me = cx.name(auditor), what = cx.phrase(item.key)
            let person = cx.people[auditor]

            // IND-09: the programme owner does not audit the audit process.
            if cx.programme.organisation.owner == auditor, RequirementID.isWithin(item.key.requirement, prefix: "9.2") {
                add(.ind09, .block, ["\(me) owns the audit programme, and \(what) is the internal audit process itself"])
            }

            // IND-12: what an external auditor's firm did on the item.
            if let person, person.external, let id = person.employer, let firm = firms[id] {
                let name = firm.name ?? cx.suppliers[id]?.name ?? id
                var implemented: [String] = [], advised: [String] = []
                for w in firm.work where w.covers(item.key) {
                    let when = w.interval.inWords().map { " " + $0 } ?? ""
                    switch w.kind {
                    case .implementation:
                        implemented.append("\(name), the employer of \(me), did implementation work on \(what)\(when)")
                    case .advisory where w.interval.overlaps(judge.advisoryStart, cx.window.end):
                        advised.append("\(name), the employer of \(me), advised on \(what)\(when), within 12 months before fieldwork")
                    case .advisory:
                        break
                    }
                }
                // One verdict per rule: a block says the advice too.
                if implemented.isEmpty { add(.ind12, .warn, advised) } else { add(.ind12, .block, implemented + advised) }
            }

            // IND-17: a competence the item needs, lacking or lapsed by fieldwork.
            let fieldwork = cx.audit.fieldwork.from
            add(.ind17, .warn, (item.entry?.needs ?? []).compactMap { need in
                guard let person, person.competences.contains(need) else { return "\(me) lacks \(need), which \(what) needs" }
                guard let expired = person.competenceRecords[need]?.expires, expired < fieldwork else { return nil }
                return "\(me)'s \(need) competence expired on \(expired), before fieldwork; \(what) needs it"
            })

            // IND-19: the auditor and an owner have the same direct manager.
            add(.ind19, .warn, item.owners.filter { $0.person != auditor }.flatMap { o in
                shared(managers[auditor] ?? [], managers[o.person] ?? []).filter { $0.value != auditor && $0.value != o.person }.map { m, until in
                    guard let until else { return "\(me) and \(cx.name(o.person)), \(o.what), both report to \(cx.name(m))" }
                    return "\(me) and \(cx.name(o.person)), \(o.what), both reported to \(cx.name(m)) until \(until)\(before(until, cx))"
                }
            })
            return out
        }
    }
}
