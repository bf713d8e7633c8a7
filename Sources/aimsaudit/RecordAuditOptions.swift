import ArgumentParser
import AuditCore
import Foundation
import Workpaper

/// `record`'s options for the audit's record beyond findings: the meetings, the conclusion and
/// the approval (of the audit as a whole, without --item), and an item's auditee response,
/// review and reason for not being audited. What they give is checked by AuditCore's
/// constructors; `Recorder.validate` judges the events.
struct RecordAuditOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A meeting: opening or closing (with --meeting-date and --meeting-attendees; the same kind, date and time again replaces it).", valueName: "KIND"))
    var meeting: String?
    @Option(name: .customLong("meeting-date"), help: ArgumentHelp("The meeting's date.", valueName: "DATE")) var meetingDate: String?
    @Option(name: .customLong("meeting-time"), help: ArgumentHelp("The meeting's time.", valueName: "HH:MM")) var meetingTime: String?
    @Option(name: .customLong("meeting-place"), help: ArgumentHelp("Where: a location of the audit by its id, or a place in words.", valueName: "PLACE")) var meetingPlace: String?
    @Option(name: .customLong("meeting-attendees"), help: ArgumentHelp("Who attended: people of the programme and guests of the audit, by id.", valueName: "ID,ID…")) var meetingAttendees: String?
    @Option(name: .customLong("meeting-points"), help: "The points raised.") var meetingPoints: String?
    @Option(help: ArgumentHelp("The auditee's response to the item's finding: agreed or disagreed (with --response-by, and --response-reason for a disagreement).", valueName: "POSITION"))
    var response: String?
    @Option(name: .customLong("response-by"), help: ArgumentHelp("Who responded: a person of the programme or a guest of the audit.", valueName: "ID")) var responseBy: String?
    @Option(name: .customLong("response-reason"), help: "Why the auditee disagrees (their position in the report's diverging opinions).") var responseReason: String?
    @Flag(help: "Mark the item's work reviewed (the lead, or a reviewer independent of the item); a later change re-opens it.") var reviewed = false
    @Option(name: .customLong("review"), help: ArgumentHelp("Without --item: mark several items' work reviewed at once, each judged as --reviewed is.", valueName: "KEY,KEY…"))
    var reviewItems: String?
    @Option(name: .customLong("review-notes"), help: "The review's notes.") var reviewNotes: String?
    @Option(name: .customLong("defer"), help: ArgumentHelp("Items not audited (the lead), or `remaining`: every item not audited and without a reason yet; with --defer-reason and --defer-to.", valueName: "KEY,KEY…"))
    var deferItems: String?
    @Option(name: .customLong("defer-reason"), help: "Why they were not audited (empty takes it back).") var deferReason: String?
    @Option(name: .customLong("defer-to"), help: ArgumentHelp("The audit they move to.", valueName: "AUDIT")) var deferTo: String?
    @Option(help: "The audit's conclusion (the lead), beside the figures the report derives; with --objectives.") var conclusion: String?
    @Option(help: ArgumentHelp("How far the audit's objectives were met: met, partly-met or not-met.", valueName: "HOW")) var objectives: String?
    @Flag(name: .customLong("approve-report"), help: "Approve the report as the workpaper now stands (the lead; on its own).") var approveReport = false
    @Option(name: .customLong("report-date"), help: ArgumentHelp("With --approve-report: the report's date (default today).", valueName: "DATE")) var reportDate: String?

    /// Whether any option about an item was given.
    var aboutAnItem: Bool { response != nil || responseBy != nil || responseReason != nil || reviewed || reviewNotes != nil }
    private var meetingGiven: Bool { [meetingDate, meetingTime, meetingPlace, meetingAttendees, meetingPoints].contains { $0 != nil } }

    /// The events about the item `item`, in the order they apply: the response, then the review
    /// (of the work as the other events leave it).
    func itemEvents(item: String, actor: String, audit: Audit, roster: Roster) throws(Refusal) -> [EventBody] {
        var events: [EventBody] = []
        if let response {
            events.append(.responded(item: item, try AuditeeResponse.make(position: response, by: responseBy, reason: responseReason,
                                                                        audit: audit, roster: roster)))
        } else if responseBy != nil || responseReason != nil {
            throw Refusal(rule: "RESP-1", "say the auditee's response: agreed or disagreed", needs: [.other("response")])
        }
        if reviewed {
            events.append(.reviewed(item: item, Review(reviewer: actor, notes: reviewNotes.flatMap { $0.isEmpty ? nil : $0 })))
        } else if reviewNotes != nil, reviewItems == nil {
            throw Refusal(rule: "REVIEW-1", "review notes go with --reviewed", needs: [.other("reviewed")])
        }
        return events
    }

    /// The reviews `--review` asks for, by item.
    func reviews(actor: String) -> [(item: String, event: EventBody)] {
        let notes = reviewNotes.flatMap { $0.isEmpty ? nil : $0 }
        return (reviewItems ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { ($0, .reviewed(item: $0, Review(reviewer: actor, notes: notes))) }
    }

    /// The events about the audit as a whole. An approval names the journal as it stands.
    func auditEvents(actor: String, audit: Audit, roster: Roster, head: (hash: String, events: Int),
                     checklist: [String], state: WorkpaperState) throws(Refusal) -> [EventBody] {
        var events: [EventBody] = []
        if let deferItems {
            let deferral = deferReason == "" ? Deferral(reason: "") : try Deferral.make(reason: deferReason, to: deferTo)
            let keys = deferItems == "remaining"
                ? checklist.filter { state.record($0).grade == .notAudited && state.record($0).deferral == nil }
                : deferItems.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !keys.isEmpty else {
                throw Refusal(rule: "DEFER-1", deferItems == "remaining" ? "no item is left not audited without a reason" : "name the items not audited",
                              needs: [.other("defer")])
            }
            events += keys.map { .deferred(item: $0, deferral) }
        } else if deferReason != nil || deferTo != nil {
            throw Refusal(rule: "DEFER-1", "name the items not audited with --defer KEY,KEY… (or --defer remaining)", needs: [.other("defer")])
        }
        if let meeting {
            let attendees = (meetingAttendees ?? "").split(separator: ",").map(String.init)
            events.append(.meeting(try Meeting.make(kind: meeting, date: meetingDate, time: meetingTime, place: meetingPlace,
                                                    attendees: attendees, points: meetingPoints, audit: audit, roster: roster)))
        } else if meetingGiven {
            throw Refusal(rule: "MEET-1", "say which meeting: opening or closing", needs: [.other("meeting")])
        }
        if conclusion != nil || objectives != nil {
            events.append(.concluded(try Conclusion.make(text: conclusion, objectives: objectives)))
        }
        if approveReport {
            events.append(.approvedReport(ReportApproval(approver: actor, date: reportDate ?? Day.today().description,
                                                         head: head.hash, events: head.events)))
        } else if reportDate != nil {
            throw Refusal(rule: "APPROVE-1", "the report's date goes with --approve-report", needs: [.other("approve-report")])
        }
        return events
    }
}
