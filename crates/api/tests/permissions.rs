//! The permission matrix: every query, mutation and subscription of the schema, called by
//! every demo role (including people of another agency and an anonymous caller), must be
//! allowed or refused exactly as the access rules say.
//!
//! The fields are read from the schema itself (introspection), so a new resolver without a
//! row in `CASES` fails the test, and a resolver that forgets its `guard` lets through a
//! caller the row says is refused. "Refused" means `FORBIDDEN`, or `UNAUTHENTICATED` without
//! a `reason` (a failed login is `UNAUTHENTICATED` with reason `INVALID_CREDENTIALS`: the
//! caller was allowed to try). Allowed calls may still fail for other reasons (the cases
//! target ids that do not exist or give invalid input, so the matrix changes nothing).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use async_graphql::{Request, Variables};
use chancery_api::auth::{Caller, RequestInfo};
use futures::StreamExt as _;
use serde_json::{Value, json};
use support::{App, data, errors};

/// Who may call.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Everyone, anonymous included.
    Public,
    /// Anyone logged in (every demo account holds a position).
    LoggedIn,
    /// Exactly these demo users.
    Only(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Query,
    Mutation,
    Subscription,
}

struct Case {
    kind: Kind,
    field: &'static str,
    document: &'static str,
    rule: Rule,
}

const NIL: &str = "00000000-0000-7000-8000-000000000000";
const ADMIN: &[&str] = &["admin"];
/// The register keepers among the callers (the ministry's, a unit's, a province agency's).
const CLERKS: &[&str] = &["vanthu.bo", "vanthu.tccb", "vanthu.snv"];

/// Who watches overdue work by default (their agency, or else the unit they act in):
/// auditors, General Affairs and deadline monitors (regulation officers, and heads and
/// ministry leaders, whose roles carry `MonitorDeadlines`) their agency; a deputy head and
/// a department head their own unit.
const SUPERVISORS: &[&str] = &[
    "auditor",
    "tonghop.cv1",
    "tonghop.ld",
    "quyche.cv",
    "bo.truong",
    "thu.truong1",
    "ld.tccb",
    "pho.tccb",
    "tp.congchuc",
    "gd.snv",
];
/// Who watches the personnel department's (TCCB) work: those who watch its agency, and its
/// leaders — not a department head below it, nor another agency's head.
const TCCB_SUPERVISORS: &[&str] = &[
    "auditor",
    "tonghop.cv1",
    "tonghop.ld",
    "quyche.cv",
    "bo.truong",
    "thu.truong1",
    "ld.tccb",
    "pho.tccb",
];

/// Every case. Variables: `$nil` (an id that exists nowhere), `$admin` (the admin's person
/// id), `$leaderPosition` (thu.truong1's position), `$secretary` (thuky1's person id).
const CASES: &[Case] = &[
    Case {
        kind: Kind::Query,
        field: "serverInfo",
        document: "{ serverInfo { version } }",
        rule: Rule::Public,
    },
    Case {
        kind: Kind::Query,
        field: "me",
        document: "{ me { person { id } positions { positionId } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "usageLog",
        document: "{ usageLog(first: 5) { edges { node { kind } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "usageLog",
        document: "query($admin: ID!) { usageLog(personId: $admin) { edges { node { kind } } } }",
        rule: Rule::Only(&["admin", "auditor"]),
    },
    Case {
        kind: Kind::Query,
        field: "usageLog",
        document: "{ usageLog(everyone: true) { edges { node { kind username } } } }",
        rule: Rule::Only(&["admin", "auditor"]),
    },
    Case {
        kind: Kind::Query,
        field: "historyCheckpoint",
        document: "{ historyCheckpoint { position signatureValid chainMatches } }",
        rule: Rule::Only(&["auditor"]),
    },
    Case {
        kind: Kind::Query,
        field: "units",
        document: "{ units { edges { node { id children { edges { node { id } } } } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "units",
        document: "{ units(text: \"phong\", first: 5) { nodes { id path children { nodes { path } } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "unit",
        document: "query($nil: ID!) { unit(id: $nil) { id } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "people",
        document: "{ people(search: \"văn\") { edges { node { id positions { id } } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "person",
        document: "query($admin: ID!) { person(id: $admin) { id } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "roles",
        document: "{ roles { edges { node { code } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "delegations",
        document: "{ delegations { edges { node { id } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "delegations",
        document: "query($admin: ID!) { delegations(personId: $admin) { edges { node { id } } } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Query,
        field: "documentTypes",
        document: "{ documentTypes { edges { node { code } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "fields",
        document: "{ fields { edges { node { code } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "urgencies",
        document: "{ urgencies { code } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "confidentialities",
        document: "{ confidentialities { code } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "externalAgencies",
        document: "{ externalAgencies { edges { node { id } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "registers",
        document: "{ registers { edges { node { id } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "registerBooks",
        document: "{ registerBooks { nodes { id kept } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "chooseLanguage",
        document: "mutation { chooseLanguage(language: EN) { visible } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "calendar",
        document: "{ calendar(country: VIETNAM, year: 2026) { year } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Subscription,
        field: "organisationChanged",
        document: "subscription { organisationChanged }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "login",
        document: "mutation { login(input: {username: \"nobody\", password: \"wrong\", bearer: true}) { token } }",
        rule: Rule::Public,
    },
    Case {
        kind: Kind::Mutation,
        field: "changePassword",
        document: "mutation { changePassword(currentPassword: \"not it\", newPassword: \"Another#Password1\") }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "enrolTotp",
        document: "mutation { enrolTotp { otpauthUrl } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "confirmTotp",
        document: "mutation { confirmTotp(code: \"000000\") }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "disableTotp",
        document: "mutation { disableTotp(password: \"not it\") }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "createAccount",
        document: "mutation { createAccount(input: {username: \"X!\", fullName: \"Người Mới\"}) { oneTimePassword } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "resetPassword",
        document: "mutation($nil: ID!) { resetPassword(personId: $nil) { oneTimePassword } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "unlockAccount",
        document: "mutation($nil: ID!) { unlockAccount(personId: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Query,
        field: "sessions",
        document: "{ sessions { totalCount nodes { id current } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "sessions",
        document: "query($admin: ID!) { sessions(personId: $admin) { totalCount } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "revokeSession",
        document: "mutation($admin: ID!, $nil: ID!) { revokeSession(personId: $admin, sessionId: $nil) }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "revokeSessions",
        document: "mutation($nil: ID!) { revokeSessions(personId: $nil) }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "createUnit",
        document: "mutation { createUnit(input: {kind: UNIT, code: \"!\", abbreviation: \"X\", name: \"X\"}) { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "updateUnit",
        document: "mutation($nil: ID!) { updateUnit(id: $nil, input: {code: \"x\", abbreviation: \"X\", name: \"X\"}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "moveUnit",
        document: "mutation($nil: ID!) { moveUnit(id: $nil, parentId: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "dissolveUnit",
        document: "mutation($nil: ID!) { dissolveUnit(id: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "defineRole",
        document: "mutation { defineRole(input: {code: \"!\", nameVi: \"X\", permissions: []}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "updatePerson",
        document: "mutation($nil: ID!) { updatePerson(id: $nil, input: {fullName: \"X\", clearance: NORMAL}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "deactivatePerson",
        document: "mutation($nil: ID!) { deactivatePerson(id: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "assignPosition",
        document: "mutation($nil: ID!) { assignPosition(input: {personId: $nil, unitId: $nil, role: \"specialist\"}) { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "endPosition",
        document: "mutation($nil: ID!) { endPosition(id: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "grantDelegation",
        document: "mutation($leaderPosition: ID!, $secretary: ID!) { grantDelegation(input: {positionId: $leaderPosition, delegateId: $secretary, scope: SIGNING, authority: KT, startsAt: \"2026-12-02T00:00:00Z\", endsAt: \"2026-12-01T00:00:00Z\"}) { id } }",
        rule: Rule::Only(&["admin", "thu.truong1"]),
    },
    Case {
        kind: Kind::Mutation,
        field: "revokeDelegation",
        document: "mutation($nil: ID!) { revokeDelegation(id: $nil) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "defineDocumentType",
        document: "mutation { defineDocumentType(input: {code: \"!\", nameVi: \"X\"}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "defineField",
        document: "mutation { defineField(input: {code: \"!\", nameVi: \"X\"}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "recordExternalAgency",
        document: "mutation { recordExternalAgency(input: {name: \"  \"}) { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "defineRegister",
        document: "mutation($nil: ID!) { defineRegister(input: {kind: INCOMING, ownerUnitId: $nil, code: \"den\", name: \"Sổ\"}) { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "setCalendar",
        document: "mutation { setCalendar(input: {country: VIETNAM, year: 1900, holidays: []}) { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Query,
        field: "document",
        document: "query($nil: ID!) { document(id: $nil) { id } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "availableActions",
        document: "query($nil: ID!) { availableActions(documentId: $nil) { action } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "likelyRecipients",
        document: "query($nil: ID!) { likelyRecipients(documentId: $nil, action: \"forward\") { staff { positionId } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "likelyOpinionGivers",
        document: "query($nil: ID!) { likelyOpinionGivers(documentId: $nil) { staff { positionId } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "auditLog",
        document: "{ auditLog(first: 5) { edges { node { eventType } } } }",
        rule: Rule::Only(&["admin", "auditor"]),
    },
    Case {
        kind: Kind::Query,
        field: "documentHistory",
        document: "query($nil: ID!) { documentHistory(documentId: $nil) { nodes { eventType } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "inbox",
        document: "{ inbox(box: PENDING, first: 5) { edges { node { documentId } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "inboxCounts",
        document: "{ inboxCounts { pending } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "probableDuplicates",
        document: "{ probableDuplicates(issuingBody: \"Bộ Tài chính\", numberNotation: \"1/BTC\") { nodes { number } } }",
        rule: Rule::Only(CLERKS),
    },
    Case {
        kind: Kind::Query,
        field: "registerBook",
        document: "query($tccbRegister: ID!) { registerBook(registerId: $tccbRegister, year: 2026) { edges { node { number } } } }",
        rule: Rule::Only(&[
            "auditor",
            "vanthu.tccb",
            "ld.tccb",
            "pho.tccb",
            "bo.truong",
            "thu.truong1",
        ]),
    },
    Case {
        kind: Kind::Mutation,
        field: "receivePaperDocument",
        document: "mutation { receivePaperDocument(input: {metadata: {issuingBody: \"X\", numberNotation: \"1/X\", documentDate: \"2026-01-02\", documentType: \"no-such-type\", summary: \"S\"}, files: []}) { document { id } } }",
        rule: Rule::Only(CLERKS),
    },
    Case {
        kind: Kind::Mutation,
        field: "simulateElectronicDocument",
        document: "mutation($nil: ID!, $tccbUnit: ID!) { simulateElectronicDocument(input: {senderAgencyId: $nil, unitId: $tccbUnit, metadata: {issuingBody: \"X\", numberNotation: \"1/X\", documentDate: \"2026-01-02\", documentType: \"cong-van\", summary: \"S\"}, files: []}) { document { id } } }",
        rule: Rule::Only(&["admin", "vanthu.tccb"]),
    },
    Case {
        kind: Kind::Mutation,
        field: "registerDocument",
        document: "mutation($nil: ID!) { registerDocument(documentId: $nil, registerId: $nil) { number } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "documentAction",
        document: "mutation($nil: ID!) { documentAction(input: {documentId: $nil, action: \"finish\"}) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "updateDocumentMetadata",
        document: "mutation($nil: ID!) { updateDocumentMetadata(documentId: $nil, metadata: {issuingBody: \"X\", numberNotation: \"1/X\", documentDate: \"2026-01-02\", documentType: \"cong-van\", summary: \"S\"}) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "cancelDocument",
        document: "mutation($nil: ID!) { cancelDocument(documentId: $nil, note: \"Tiếp nhận nhầm\") { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "outgoingDocument",
        document: "query($nil: ID!) { outgoingDocument(id: $nil) { id } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "outgoingWork",
        document: "{ outgoingWork(list: TO_DO) { totalCount } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "outgoingWork",
        document: "{ outgoingWork(list: AWAITING_ISSUANCE) { totalCount } }",
        rule: Rule::Only(CLERKS),
    },
    Case {
        kind: Kind::Query,
        field: "draftProcesses",
        document: "{ draftProcesses { id } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "processes",
        document: "{ processes { id inForce } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "checkProcess",
        document: "{ checkProcess(definition: \"{}\") { valid } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "publishProcess",
        document: "mutation { publishProcess(definition: \"{}\") { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "activateProcess",
        document: "mutation { activateProcess(process: \"nope\", version: 1, from: \"2020-01-01\") { position } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Query,
        field: "opinionsAskedOfMe",
        document: "{ opinionsAskedOfMe { nodes { question } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "outgoingRegisterBook",
        document: "query($tccbRegister: ID!) { outgoingRegisterBook(registerId: $tccbRegister, year: 2026) { nodes { number } } }",
        rule: Rule::Only(&["auditor", "vanthu.tccb"]),
    },
    Case {
        kind: Kind::Query,
        field: "nextOutgoingNumber",
        document: "query($nil: ID!, $tccbRegister: ID!) { nextOutgoingNumber(documentId: $nil, registerId: $tccbRegister) { number numberNotation } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "signingKeys",
        document: "{ signingKeys { nodes { id certificate { subject } usable } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "signingConfirmation",
        document: "{ signingConfirmation { pinSet totpEnrolled lockedUntil } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "setSigningPin",
        document: "mutation { setSigningPin(password: \"not it\", pin: \"13579024\") { pinSet } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "signOutgoingBatch",
        document: "mutation($nil: ID!) { signOutgoingBatch(documentIds: [$nil]) { documents { signed } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "trustAnchors",
        document: "{ trustAnchors { nodes { certificate { subject } } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "uploadSigningKey",
        document: "mutation($admin: ID!) { uploadSigningKey(input: {personId: $admin, pkcs12Base64: \"!!\", password: \"x\"}) { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "revokeSigningKey",
        document: "mutation($nil: ID!) { revokeSigningKey(keyId: $nil, reason: \"lost\") { id } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "addTrustAnchor",
        document: "mutation { addTrustAnchor(pem: \"not a certificate\") { pem } }",
        rule: Rule::Only(ADMIN),
    },
    Case {
        kind: Kind::Mutation,
        field: "createDraft",
        document: "mutation { createDraft(input: {process: \"p4-outgoing-unit\", fields: {documentType: \"no-such-type\", summary: \"S\", urgency: NORMAL, confidentiality: NORMAL}, files: []}) { document { id } } }",
        rule: Rule::Only(&["tp.congchuc", "cv.congchuc1", "cv.tcbc"]),
    },
    Case {
        kind: Kind::Mutation,
        field: "addDraftVersion",
        document: "mutation($nil: ID!) { addDraftVersion(documentId: $nil) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "changeRecipients",
        document: "mutation($nil: ID!) { changeRecipients(documentId: $nil, recipients: []) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "outgoingAction",
        document: "mutation($nil: ID!) { outgoingAction(input: {documentId: $nil, action: \"submit_to_leader\"}) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "requestOpinions",
        document: "mutation($nil: ID!) { requestOpinions(documentId: $nil, asked: [$nil], question: \"Q\", deadline: \"2099-01-02\") { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "giveOpinion",
        document: "mutation($nil: ID!) { giveOpinion(documentId: $nil, requestId: $nil, opinion: \"O\") { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "verifyDocumentSignatures",
        document: "mutation($nil: ID!) { verifyDocumentSignatures(documentId: $nil) { document { id } } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Mutation,
        field: "markDocumentRead",
        document: "mutation($nil: ID!) { markDocumentRead(documentId: $nil) { visible } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "awaitingRegistration",
        document: "{ awaitingRegistration(first: 5) { edges { node { documentId } } } }",
        rule: Rule::Only(CLERKS),
    },
    Case {
        kind: Kind::Query,
        field: "documentAsOf",
        document: "query($nil: ID!) { documentAsOf(id: $nil, at: \"2026-01-02T03:04:05Z\") { existed } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "verifyDocumentHistory",
        document: "query($nil: ID!) { verifyDocumentHistory(id: $nil) { intact } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Subscription,
        field: "inboxChanged",
        document: "subscription { inboxChanged { pending } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "workCounts",
        document: "{ workCounts { pending outgoingToDo overdue dueSoon badge } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Subscription,
        field: "workChanged",
        document: "subscription { workChanged { badge } }",
        rule: Rule::LoggedIn,
    },
    Case {
        kind: Kind::Query,
        field: "overdue",
        document: "{ overdue { unitId overdue dueSoon people { name } subtrees { name } } }",
        rule: Rule::Only(SUPERVISORS),
    },
    Case {
        kind: Kind::Query,
        field: "overdue",
        document: "query($tccbUnit: ID!) { overdue(unitId: $tccbUnit, dueWithinWorkingDays: 5) { overdue dueSoon units { name } } }",
        rule: Rule::Only(TCCB_SUPERVISORS),
    },
    Case {
        kind: Kind::Query,
        field: "overdueItems",
        document: "{ overdueItems(which: BOTH, first: 5) { edges { node { documentId summary } } } }",
        rule: Rule::Only(SUPERVISORS),
    },
    Case {
        kind: Kind::Query,
        field: "overdueItems",
        document: "query($tccbUnit: ID!) { overdueItems(unitId: $tccbUnit, which: OVERDUE) { edges { node { documentId } } } }",
        rule: Rule::Only(TCCB_SUPERVISORS),
    },
    Case {
        kind: Kind::Query,
        field: "searchDocuments",
        document: "{ searchDocuments(text: \"van ban\", first: 5) { edges { node { documentId summary } } } }",
        rule: Rule::LoggedIn,
    },
    // Last: it ends the caller's session.
    Case {
        kind: Kind::Mutation,
        field: "logout",
        document: "mutation { logout }",
        rule: Rule::LoggedIn,
    },
];

/// The callers: anonymous, then one demo account per role, and people of another agency.
const CALLERS: &[&str] = &[
    "admin",
    "auditor",
    "vanthu.bo",
    "tonghop.cv1",
    "tonghop.ld",
    "quyche.cv",
    "bo.truong",
    "thu.truong1",
    "thuky1",
    "vanthu.tccb",
    "ld.tccb",
    "pho.tccb",
    "tp.congchuc",
    "cv.congchuc1",
    "gd.snv",
    "vanthu.snv",
    "cv.tcbc",
];

fn allowed(rule: Rule, caller: Option<&str>) -> bool {
    match (rule, caller) {
        (Rule::Public, _) => true,
        (_, None) => false,
        (Rule::LoggedIn, Some(_)) => true,
        (Rule::Only(users), Some(user)) => users.contains(&user),
    }
}

fn refused(errors: &[(String, Option<String>, Option<String>)]) -> bool {
    errors.iter().any(|(code, reason, _)| {
        code == "FORBIDDEN" || (code == "UNAUTHENTICATED" && reason.is_none())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_is_allowed_or_refused_as_the_rules_say() {
    let app = App::start().await;

    // Every root field of the schema has at least one case (introspection needs a login).
    let reader = app.login("admin").await;
    let introspection = app
        .run(
            Some(&reader),
            "{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }",
            json!({}),
        )
        .await;
    let schema = data(&introspection);
    let mut fields = BTreeSet::new();
    for (kind, key) in [
        (Kind::Query, "queryType"),
        (Kind::Mutation, "mutationType"),
        (Kind::Subscription, "subscriptionType"),
    ] {
        for f in schema["__schema"][key]["fields"].as_array().unwrap() {
            fields.insert((kind, f["name"].as_str().unwrap().to_owned()));
        }
    }
    let covered: BTreeSet<(Kind, String)> =
        CASES.iter().map(|c| (c.kind, c.field.to_owned())).collect();
    let missing: Vec<_> = fields.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the permission matrix (add one saying who may call them): {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&fields).collect();
    assert!(
        stale.is_empty(),
        "rows for operations that no longer exist: {stale:?}"
    );

    let organisation = app.api.commands.organisation().await.unwrap();
    let tccb_unit = organisation.positions[&app.account("vanthu.tccb").position_id].unit;
    let tccb_register = app
        .api
        .commands
        .catalogues()
        .await
        .unwrap()
        .registers
        .values()
        .find(|r| {
            r.owner_unit_id == tccb_unit
                && r.kind == chancery_domain::catalogues::RegisterKind::Incoming
        })
        .unwrap()
        .register_id
        .0;
    let variables = json!({
        "nil": NIL,
        "admin": app.account("admin").person_id.to_string(),
        "leaderPosition": app.account("thu.truong1").position_id.to_string(),
        "secretary": app.account("thuky1").person_id.to_string(),
        "tccbUnit": tccb_unit.0.to_string(),
        "tccbRegister": tccb_register.to_string(),
    });

    let mut tokens: BTreeMap<&str, String> = BTreeMap::new();
    for caller in CALLERS {
        tokens.insert(caller, app.login(caller).await);
    }

    let mut wrong = Vec::new();
    let mut checked = 0;
    for caller in std::iter::once(None).chain(CALLERS.iter().map(|c| Some(*c))) {
        let token = caller.map(|c| tokens[c].clone());
        for case in CASES {
            let errors = match case.kind {
                Kind::Subscription => {
                    subscription_errors(&app, token.as_deref(), case.document).await
                }
                _ => {
                    let response = app
                        .run(token.as_deref(), case.document, variables.clone())
                        .await;
                    errors(&response)
                }
            };
            checked += 1;
            if errors.iter().any(|(code, _, _)| code.is_empty()) {
                wrong.push(format!(
                    "{:?} {} by {}: an error without extensions.code: {errors:?}",
                    case.kind,
                    case.field,
                    caller.unwrap_or("anonymous"),
                ));
            }
            let expected = allowed(case.rule, caller);
            if refused(&errors) == expected {
                wrong.push(format!(
                    "{:?} {} by {}: expected {}, got {:?}",
                    case.kind,
                    case.field,
                    caller.unwrap_or("anonymous"),
                    if expected { "allowed" } else { "refused" },
                    errors
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} calls broke the access rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(checked, CASES.len() * (CALLERS.len() + 1));
}

/// The first message of a subscription: a refusal comes at once; an allowed subscription
/// waits for the next change (nothing within the timeout).
async fn subscription_errors(
    app: &App,
    token: Option<&str>,
    document: &str,
) -> Vec<(String, Option<String>, Option<String>)> {
    let info = RequestInfo {
        token: token.map(str::to_owned),
        ..RequestInfo::default()
    };
    let caller: Caller = app.api.authenticate(info).await.unwrap();
    let request = Request::new(document)
        .variables(Variables::from_json(Value::Null))
        .data(caller);
    let mut stream = app.schema.execute_stream(request);
    match tokio::time::timeout(Duration::from_millis(500), stream.next()).await {
        Ok(Some(response)) => errors(&response),
        Ok(None) | Err(_) => Vec::new(),
    }
}
