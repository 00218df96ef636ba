"""The register of personal data: one declaration per model field that can hold personal data
(what it is, why the fund holds it, how long it keeps it), and every other text field named as
not personal with the reason. tests/privacy/test_register.py fails when a text, e-mail, file or
JSON field (or one whose name looks personal) is in neither list, so a new field is declared
when it is added. The privacy page (/privacy/) is generated from this module."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Held:
    what: str
    why: str
    kept: str
    # "identity" fields name the person and are replaced by their pseudonym on erasure;
    # "contact" fields are replaced by a pseudonymous address (or emptied); "text" is free text
    # that may mention anyone, searched for a person's name, e-mail and phone; "file" is deleted.
    kind: str = "text"


_ACCOUNT = "While the account exists; pseudonymised on erasure"
_PROGRAMME = "The life of the programme plus 6 years (the funding agreement's audit period)"
_FREE_TEXT_WHY = "The record of the programme's decisions and delivery, which may name people"


def _text(what: str, *, why: str = _FREE_TEXT_WHY, kept: str = _PROGRAMME) -> Held:
    return Held(what, why, kept, "text")


NAME = "identity"
CONTACT = "contact"
FILE = "file"

PERSONAL: dict[str, Held] = {
    # People with an account
    "accounts.User.email": Held(
        "Your e-mail address", "To sign you in and send you what your role needs", _ACCOUNT, CONTACT
    ),
    "accounts.User.full_name": Held(
        "Your name", "To show who did what in the fund's records", _ACCOUNT, NAME
    ),
    "accounts.Invitation.email": Held(
        "The e-mail address an invitation was sent to",
        "To invite someone to take a role",
        "Deleted 90 days after an invitation expires unaccepted (retention)",
        CONTACT,
    ),
    "accounts.Invitation.full_name": Held(
        "The name of the person invited",
        "To invite someone to take a role",
        "Deleted 90 days after an invitation expires unaccepted (retention)",
        NAME,
    ),
    # Partnerships
    "partnerships.Member.full_name": Held(
        "A partnership member's name",
        "To show who is on a partnership and who attended and voted at its meetings",
        _PROGRAMME,
        NAME,
    ),
    "partnerships.Member.email": Held(
        "A partnership member's e-mail address",
        "To reach members about their partnership",
        "Removed 2 years after the member leaves (retention)",
        CONTACT,
    ),
    "partnerships.LtoContact.name": Held(
        "The name of a contact at a Locally Trusted Organisation",
        "To reach the organisation that holds the money",
        "While they are the contact; pseudonymised on erasure",
        NAME,
    ),
    "partnerships.LtoContact.role": _text("A contact's job title"),
    "partnerships.LtoContact.email": Held(
        "A contact's e-mail address",
        "To reach the organisation that holds the money",
        "While they are the contact; pseudonymised on erasure",
        CONTACT,
    ),
    "partnerships.LtoContact.phone": Held(
        "A contact's phone number",
        "To reach the organisation that holds the money",
        "While they are the contact; removed on erasure",
        CONTACT,
    ),
    "grants.CoFunderContact.name": Held(
        "The name of a contact at a co-funder",
        "To reach the organisation that pledged money beside the fund",
        "While they are the contact; pseudonymised on erasure",
        NAME,
    ),
    "grants.CoFunderContact.role": _text("A co-funder contact's job title"),
    "grants.CoFunderContact.email": Held(
        "A co-funder contact's e-mail address",
        "To reach the organisation that pledged money beside the fund",
        "While they are the contact; pseudonymised on erasure",
        CONTACT,
    ),
    "grants.CoFunderContact.phone": Held(
        "A co-funder contact's phone number",
        "To reach the organisation that pledged money beside the fund",
        "While they are the contact; removed on erasure",
        CONTACT,
    ),
    "grants.Pledge.conditions": _text("A pledge's conditions"),
    "grants.Pledge.lapsed_reason": _text("Why a pledge lapsed"),
    "grants.PledgeAmendment.reason": _text("Why an officer proposed changing a pledge"),
    "grants.PledgeAmendment.decision_note": _text("Why an officer rejected a pledge's change"),
    "grants.CoFunder.name": Held(
        "A co-funder's name: an organisation's, or a private donor's (a person's)",
        "To record who pledged money beside the fund; a private donor's name is never "
        "published (360Giving and open data say 'A private donor')",
        _PROGRAMME,
        "text",
    ),
    "grants.LocalIncome.source": _text(
        "Who gave a partnership money or paid it (may be a person, for a donation)"
    ),
    "grants.LocalIncome.description": _text("What a partnership's own income was"),
    "grants.LocalIncome.evidence": Held(
        "Evidence of a partnership's own income (a letter, a statement)",
        "So an officer can verify the income the fund reports as leverage",
        _PROGRAMME,
        FILE,
    ),
    "grants.LocalIncome.evidence_reference": _text("A reference to income's evidence"),
    "grants.LocalIncome.decision_note": _text("Why an officer did or did not verify income"),
    "partnerships.CompositionReview.sent_to": _text("Who a composition review reminder went to"),
    "partnerships.Meeting.title": _text("A meeting's title"),
    "partnerships.Meeting.agenda": _text("A meeting's agenda"),
    "partnerships.Meeting.minutes": _text("A meeting's minutes"),
    "partnerships.Decision.title": _text("A decision's title"),
    "partnerships.Decision.decided": _text("What a meeting decided"),
    "partnerships.ConflictOfInterest.interest": _text(
        "A member's declared interest in a decision",
        why="So a conflicted vote does not count, as the partnership's rules require",
    ),
    "partnerships.PartnershipStatusChange.note": _text("Why a partnership's status changed"),
    "partnerships.ImportBatch.errors": _text("Rows of an import that failed, as uploaded"),
    "partnerships.ImportBatch.summary": _text("What an import changed"),
    # Grants
    "grants.Spend.payee": Held(
        "Who was paid (a person when a resident is paid or reimbursed)",
        "The LTO's accounts of the grant's spending",
        "The accounting year plus 6 years (retention), then kept pseudonymised",
        "text",
    ),
    "grants.Spend.description": _text("What a spend was for"),
    "grants.Spend.reason": _text("Why a spend was reversed"),
    "grants.Spend.receipt": Held(
        "A receipt (an image or PDF, which may show names and addresses)",
        "Evidence for the LTO's accounts",
        "Deleted 6 years after the end of the accounting year it was spent in (retention)",
        FILE,
    ),
    "grants.SpendImport.rows": _text("A spreadsheet of spends, as uploaded"),
    "grants.SpendWithholding.reason": _text(
        "Why a spend is not published (often a safeguarding reason)"
    ),
    "grants.Allocation.final_report": _text("A partnership's final report at close-out"),
    "grants.Allocation.legacy_statement": _text("A partnership's legacy statement at close-out"),
    "grants.AllocationAmendment.handover_note": _text(
        "Why an old LTO did not hand over all it held"
    ),
    "grants.PendingReceipt.file": Held(
        "A receipt waiting for its spend form",
        "So a form sent again keeps its receipt",
        "Deleted after a day (the hourly clean-up)",
        FILE,
    ),
    "grants.PendingReceipt.name": _text("A waiting receipt's file name"),
    "grants.ActionLine.description": _text("A line of an action plan"),
    "grants.ActionLine.lead": Held(
        "Who leads a line of an action plan", "To know who is doing what", _PROGRAMME, "text"
    ),
    "grants.Allocation.purpose": _text("What an allocation is for"),
    "grants.Allocation.withdrawal_reason": _text("Why an allocation was withdrawn"),
    "grants.AllocationAmendment.reason": _text("Why an amendment was proposed"),
    "grants.AllocationAmendment.decision_note": _text("Why an amendment was decided as it was"),
    "grants.TrancheHold.reason": _text("Why a payment was held"),
    "grants.TrancheHold.lift_reason": _text("Why a hold was lifted"),
    "grants.Transaction.memo": _text("The ledger's description of a transaction"),
    "grants.EndowmentMovement.description": _text("What money came into the endowment"),
    "grants.EndowmentMovement.reversal_reason": _text("Why an endowment movement was reversed"),
    "grants.SpendingPlan.legacy_statement": _text("A plan's legacy statement"),
    "grants.SpendingPlan.comments": _text("An officer's comments on a plan"),
    "grants.PlanReview.delivery": _text("A plan review's answer on delivery"),
    "grants.PlanReview.spend": _text("A plan review's answer on spend"),
    "grants.PlanReview.impact": _text("A plan review's answer on impact"),
    "grants.PlanReview.learning": _text("A plan review's answer on learning"),
    "grants.PlanReview.vision": _text("A plan review's answer on vision"),
    "grants.PlanReview.outcomes": _text("A plan review's answer on outcomes"),
    "grants.PlanReview.acknowledgement": _text("The fund's acknowledgement of a plan review"),
    # Reporting
    "reporting.QuarterlyReport.extension_reason": _text("Why a report's deadline moved"),
    "reporting.QuarterlyReport.what_happened": _text("A report's account of the quarter"),
    "reporting.QuarterlyReport.outcome_needs": _text("A report's answer on needs"),
    "reporting.QuarterlyReport.outcome_skills": _text("A report's answer on skills"),
    "reporting.QuarterlyReport.outcome_difference": _text("A report's answer on difference"),
    "reporting.QuarterlyReport.outcome_place": _text("A report's answer on place"),
    "reporting.QuarterlyReport.spend_snapshot": _text("The spends a report was submitted with"),
    "reporting.QuarterlyReport.return_comments": _text("Why a report was returned"),
    "reporting.ReportStory.title": _text("A story's title"),
    "reporting.ReportStory.body": _text("A story told in a report, often about residents"),
    "reporting.ReportStory.photo": Held(
        "A photo added to a story (which may show people)",
        "To show the programme's work",
        _PROGRAMME + "; deleted on erasure of the person who added it",
        FILE,
    ),
    "reporting.ReportVersion.content": _text("A submitted report, as it was submitted"),
    "reporting.ReportVersion.comments": _text("An officer's comments on a submitted report"),
    # The learning library (issue 19). A note is about what a partnership did, but it is free
    # text written by residents, shared with every partnership, and can name people (a
    # volunteer, a resident helped): declared personal, like a report's story, so it is found
    # by subject access and rewritten on erasure.
    "reporting.LearningNote.title": _text("A learning note's title"),
    "reporting.LearningNote.tried": _text("What a partnership tried, in a learning note"),
    "reporting.LearningNote.happened": _text("What happened, in a learning note"),
    "reporting.LearningNote.differently": _text("What a partnership would do differently"),
    "reporting.LearningNote.costs": _text("What something cost, in a learning note"),
    "reporting.LearningNote.search_text": _text("A learning note's text, kept for search"),
    # A question is a message from one named person to another partnership's chair: personal.
    "reporting.LearningQuestion.body": _text(
        "A question asked about a learning note, with the asker's name",
        why="To let partnerships learn from each other without sharing e-mail addresses",
    ),
    "reporting.LearningAnswer.body": _text(
        "A chair's answer to a question about a learning note, with their name",
        why="To let partnerships learn from each other without sharing e-mail addresses",
    ),
    "reporting.Notification.subject": _text("A notification's subject"),
    "reporting.Notification.body": _text("A notification's text"),
    # The kernel's outbox and the audit log copy all of the above.
    "core.OutboxEmail.key": Held(
        "An e-mail's key, which names its address",
        "So an e-mail is sent once",
        "Deleted 90 days after it is sent (retention)",
        CONTACT,
    ),
    "core.OutboxEmail.to": Held(
        "Who an e-mail went to",
        "To send it, and retry if the mail server refuses",
        "Deleted 90 days after it is sent (retention)",
        CONTACT,
    ),
    "core.OutboxEmail.subject": _text(
        "An e-mail's subject", kept="Deleted 90 days after it is sent (retention)"
    ),
    "core.OutboxEmail.body": _text(
        "An e-mail's text", kept="Deleted 90 days after it is sent (retention)"
    ),
    "core.OutboxEmail.last_error": _text(
        "The mail server's last refusal", kept="Deleted 90 days after it is sent (retention)"
    ),
    "auditlog.LogEntry.object_repr": _text("The audit log's name for what changed"),
    "auditlog.LogEntry.changes": _text("The audit log's record of what changed"),
    "auditlog.LogEntry.changes_text": _text("The audit log's record of what changed"),
    "auditlog.LogEntry.serialized_data": _text("The audit log's copy of a record"),
    "auditlog.LogEntry.additional_data": _text("The audit log's extra detail"),
    "auditlog.LogEntry.actor_email": Held(
        "The e-mail address of who made a change",
        "To show who did what",
        _PROGRAMME,
        CONTACT,
    ),
    "account.EmailAddress.email": Held(
        "Your e-mail addresses (the sign-in service's copy)",
        "To sign you in and confirm a new address",
        _ACCOUNT,
        CONTACT,
    ),
    "admin.LogEntry.object_repr": _text("The admin site's name for what it changed"),
    "admin.LogEntry.change_message": _text("The admin site's record of what it changed"),
    # Residents beyond the partnership (issue 20, participation/)
    "participation.Voter.email": Held(
        "A voter's e-mail address",
        "To send the one-time link that confirms one person, one vote",
        "Deleted 30 days after the vote's result is published (retention); a keyed hash stays "
        "so the address cannot vote twice",
        CONTACT,
    ),
    "participation.Voter.postcode": Held(
        "A voter's postcode (where they live, work or study)",
        "To check the voter belongs to the neighbourhood",
        "Deleted with the voter's e-mail address, 30 days after the result (retention)",
        CONTACT,
    ),
    "participation.Idea.title": _text("A resident's idea for a participatory budget (its name)"),
    "participation.Idea.description": _text("A resident's idea for a participatory budget"),
    "participation.Answer.text": _text("A resident's written answer to a consultation"),
    "participation.Response.event": _text("Where a paper consultation response was gathered"),
    # This app's own records
    "privacy.PrivacyRequest.reason": _text("Why an erasure was asked for"),
    "privacy.PrivacyRequest.file": Held(
        "A subject access export", "To hand it to the person", "Deleted once downloaded", FILE
    ),
}

# Text fields that hold no personal data, each with the reason.
NOT_PERSONAL: dict[str, str] = {
    "core.SubmissionKey.principal": "Which account sent a form (an id), kept a day",
    "core.SubmissionKey.key": "A random one-time key",
    "core.SubmissionKey.path": "The address a form was sent to",
    "core.SubmissionKey.location": "The address the first answer redirected to",
    "core.SubmissionKey.content_type": "The type of the first answer",
    "partnerships.ImportBatch.expected_format": "The register edition a file was offered as",
    "partnerships.LsoaNeighbourhood.name": "A place's name",
    "partnerships.LsoaNeighbourhood.imd_edition": "An index's edition",
    "partnerships.LsoaNeighbourhood.cni_edition": "An index's edition",
    "partnerships.LsoaNeighbourhood.local_authority_name": "A local authority's name",
    "partnerships.LsoaNeighbourhood.region": "A region's name",
    "grants.AllocationAmendment.bank_reference": "A bank reference between organisations",
    "grants.MoneyReturn.bank_reference": "A bank transfer's reference from an LTO",
    "grants.Spend.payee_is_organisation": "Whether the payee is an organisation (yes or no)",
    "grants.LibraryIndicator.key": "A library indicator's short name",
    "grants.LibraryIndicator.name": "The name of a measure (people using a space, say)",
    "grants.LibraryIndicator.unit": "A unit of measure",
    "grants.LibraryIndicator.description": "How a measure is counted",
    "grants.PlanIndicator.name": "The name of a measure a partnership chose",
    "grants.PlanIndicator.unit": "A unit of measure",
    "grants.PlanIndicator.lineage": "A random id linking an indicator across plan versions",
    "reporting.IndicatorValue.lineage": "A random id linking an indicator across plan versions",
    "reporting.LearningNote.neighbourhood_kind": "A kind of neighbourhood, from a list",
    "reporting.LearningNote.search_vector": (
        "The search index of search_text (declared above), computed by the database from it on "
        "every change, so an erasure there reaches it; never shown or exported"
    ),
    "reporting.OpenDataFile.name": "A published file's name",
    "reporting.OpenDataFile.title": "A published file's title",
    "reporting.OpenDataFile.content_type": "A file's type",
    "reporting.OpenDataFile.etag": "A checksum",
    "reporting.OpenDataFile.schema_url": "The address of a published schema",
    "accounts.User.password": "A one-way hash",
    "accounts.Invitation.token_hash": "A one-way hash of the invitation link",
    "accounts.ApiToken.name": "A label the holder gives a token",
    "accounts.ApiToken.prefix": "The first characters of a token, to tell tokens apart",
    "accounts.ApiToken.token_hash": "A one-way hash",
    "auditlog.LogEntry.object_pk": "A record's number",
    "auditlog.LogEntry.cid": "A request's correlation id",
    "core.Heartbeat.name": "The name of a scheduled task",
    "partnerships.ImportBatch.file_name": "The name of a register file the fund publishes",
    "partnerships.ImportBatch.source_path": "Where a register file was read from",
    "partnerships.ImportBatch.sha256": "A file's checksum",
    "partnerships.ScoreRevision.previous": "A neighbourhood's deprivation scores",
    "partnerships.ScoreRevision.current": "A neighbourhood's deprivation scores",
    "partnerships.Lto.name": "An organisation's name",
    "partnerships.Lto.address": "An organisation's registered address",
    "partnerships.Lto.charity_number": "An organisation's charity number",
    "partnerships.Lto.company_number": "An organisation's company number",
    "partnerships.Lto.supplier_reference": "The fund's supplier reference for an organisation",
    "partnerships.Neighbourhood.code": "A ward code",
    "partnerships.Neighbourhood.name": "A ward's name",
    "partnerships.Neighbourhood.local_authority_code": "A local authority's code",
    "partnerships.Neighbourhood.local_authority_name": "A local authority's name",
    "partnerships.Neighbourhood.region": "A region's name",
    "partnerships.Partnership.name": "A partnership's name (a place)",
    "grants.FundingAgreement.reference": "An agreement's reference",
    "grants.FundingAgreement.terms": "The terms and conditions of a funding agreement",
    "grants.Tranche.bank_reference": "A bank's payment reference",
    "grants.Release.payment_reference": "A payment reference",
    "grants.Account.key": "A ledger account's key",
    "grants.CoFunder.charity_number": "An organisation's charity number",
    "grants.CoFunder.company_number": "An organisation's company number",
    "grants.CoFunder.other_org_id": "An organisation's org-id",
    "grants.CoFunder.funds": "What a co-funder funds (a choice)",
    "grants.CoFunder.region": "A region's name",
    "grants.Pledge.currency": "A currency code (always GBP)",
    "grants.Pledge.restriction": "What a pledge is restricted to (a choice)",
    "grants.Pledge.region": "A region's name",
    "grants.Pledge.status": "A pledge's status",
    "grants.PledgeAmendment.status": "A pledge change's status",
    "grants.CoFunder.is_individual": "Whether a co-funder is a person (a yes or no)",
    "grants.PledgeReceipt.bank_reference": "A bank's payment reference",
    "grants.RestrictedRelease.status": "A release's status",
    "grants.RestrictedRelease.bank_reference": "A bank's payment reference",
    "grants.LocalIncome.kind": "What kind of income (a choice)",
    "grants.LocalIncome.status": "Whether income is verified",
    "grants.Transaction.idempotency_key": "A posting's key, made of record numbers",
    "grants.EndowmentValuation.source": "Where an endowment valuation came from (a fund manager)",
    "grants.EndowmentValuation.note": "A note on an endowment valuation",
    "grants.Theme.name": "A spending theme",
    "grants.Theme.description": "A spending theme",
    "grants.Theme.outcomes": "A theme's outcomes",
    "grants.Spend.receipt_key": "A receipt's storage key",
    "grants.Spend.receipt_ext": "A receipt's file type",
    "grants.Spend.receipt_content_type": "A receipt's file type",
    "grants.SpendImport.file_name": "The name of an uploaded spreadsheet",
    "grants.PendingReceipt.key": "A waiting receipt's storage key",
    "grants.PendingReceipt.ext": "A file type",
    "grants.PendingReceipt.content_type": "A file type",
    "reporting.Assumption.source": "Where a forecasting assumption came from",
    "reporting.Assumption.note": "A note on a forecasting assumption",
    "reporting.BoardPack.file": "A board pack of portfolio figures",
    "reporting.BoardPack.stage": "How far a board pack has got",
    "reporting.BoardPack.error": "Why a board pack failed",
    "reporting.BoardPack.figures": "Portfolio figures",
    "reporting.Notification.key": "A notification's key, made of record numbers",
    "reporting.Notification.link": "A link to a page",
    "reporting.Notification.last_error": "The mail server's last refusal",
    "reporting.ReportStory.uid": "A story's identifier",
    "reporting.ReportStory.photo_type": "A photo's file type",
    "reporting.PortfolioSnapshot.figures": "Portfolio figures",
    "core.OutboxEmail.emailed_at": "When an e-mail was sent",
    "reporting.Notification.emailed_at": "When a notification was e-mailed",
    "partnerships.ImportBatch.kind": "What a register file holds",
    "partnerships.ImportBatch.file_format": "A file format",
    "partnerships.Decision.theme": "A spending theme's name",
    "grants.AllocationAmendment.new_frequency": "A payment frequency",
    "grants.AllocationAmendment.new_custom_dates": "Payment dates",
    "reporting.ReportVersion.outcome": "What the fund decided on a report",
    "admin.LogEntry.object_id": "A record's number",
    "auth.Permission.name": "A permission",
    "auth.Permission.codename": "A permission",
    "auth.Group.name": "A group of permissions",
    "contenttypes.ContentType.app_label": "A table's name",
    "contenttypes.ContentType.model": "A table's name",
    "sessions.Session.session_key": "A random key",
    "sessions.Session.session_data": "A signed-in session: the account's number, not its details",
    "account.EmailConfirmation.email_address": "A link to an address row",
    "account.EmailConfirmation.key": "A random key",
    "mfa.Authenticator.data": "A second factor's secret, encrypted, never shown",
    **{
        f"django_celery_beat.{field}": "The schedule of background work"
        for field in (
            "CrontabSchedule.minute",
            "CrontabSchedule.hour",
            "CrontabSchedule.day_of_month",
            "CrontabSchedule.month_of_year",
            "CrontabSchedule.day_of_week",
            "PeriodicTask.name",
            "PeriodicTask.task",
            "PeriodicTask.args",
            "PeriodicTask.kwargs",
            "PeriodicTask.queue",
            "PeriodicTask.exchange",
            "PeriodicTask.routing_key",
            "PeriodicTask.headers",
            "PeriodicTask.description",
        )
    },
    "privacy.PrivacyRequest.pseudonym": "The pseudonym given to an erased person",
    "privacy.RetentionRun.counts": "How many records each retention rule changed",
    # From main (issue 17's follow-up), undeclared there: a date, not a name.
    "partnerships.Member.named_publicly_since": "When a member chose to be named publicly (a date)",
    "participation.Budget.title": "A participatory budget's public title",
    "participation.Budget.description": "A participatory budget's public description",
    "participation.Budget.translations": "A budget's public text in other languages",
    "participation.Budget.method": "How residents vote (a choice)",
    "participation.Budget.status": "A budget's stage (a choice)",
    "participation.Budget.tally": "The published vote counts per project: no voter",
    "participation.Idea.status": "An idea's moderation (a choice)",
    "participation.Idea.flag": "Why an idea was held for a closer look (a link, long)",
    "participation.Voter.email_hash": "A keyed hash of an address: cannot be turned back",
    "participation.Voter.connection": "Live, work or study (a choice)",
    "participation.Voter.nonce": "A random one-time value",
    "participation.Voter.postcode_checked": "Whether a postcode was checked or declared",
    "participation.Vote.network": "A keyed hash of a network prefix, not an address",
    "participation.Vote.device": "A keyed hash of a random cookie",
    "participation.NeighbourhoodPostcode.postcode": "A postcode of the neighbourhood (ONS data)",
    "participation.Consultation.title": "A consultation's public title",
    "participation.Consultation.description": "A consultation's public introduction",
    "participation.Consultation.translations": "A consultation's public text in other languages",
    "participation.Question.kind": "A question's kind (a choice)",
    "participation.Question.text": "A consultation's public question",
    "participation.Question.options": "A question's public options",
    "participation.Question.translations": "A question's public text in other languages",
    "participation.Response.source": "Online or on paper (a choice)",
    "participation.Answer.ranking": "The order of a question's options (numbers)",
}


def declared(label: str) -> Held | None:
    return PERSONAL.get(label)
