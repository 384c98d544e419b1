// English interface texts. Keys must match vi.ts and lo.ts (a unit test checks).
const en = {
  common: { apply: 'Apply', clear: 'Clear', loading: 'Loading…', next: 'Next', previous: 'Previous', open: 'Open', page: 'Page {{n}}', retry: 'Retry' },
  nav: {
    inbox: 'Inbox', pending: 'Pending', processed: 'Processed', info: 'For information', search: 'Search documents',
    awaiting: 'Electronic, awaiting registration', receive: 'Receive a paper document', registers: 'Register books',
    overdue: 'Overdue work', audit: 'Audit', admin: 'Administration', account: 'My account',
  },
  shell: {
    language: 'Language', logout: 'Log out', menu: 'Menu', navigation: 'Main navigation', actingPosition: 'Acting position',
    delegated: 'by delegation, {{authority}}', actingByDelegation: 'Acting by delegation ({{authority}})',
  },
  login: {
    subtitle: 'Electronic office', username: 'Username', password: 'Password', totp: 'Authenticator code', submit: 'Log in',
    totpFormat: 'Enter the 6 digits shown by your authenticator app', codeNeeded: 'This account has two-step login: enter the code from your authenticator app.',
    expired: 'Your session has ended. Log in again to continue: what you typed is kept.', expiredTitle: 'Session expired',
  },
  account: {
    changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', repeatPassword: 'Repeat the new password',
    mismatch: 'The two passwords differ', passwordChanged: 'Password changed', passwordHint: 'At least 10 characters; not your username nor a common password.',
    mustChange: 'Choose your own password before you start', totp: 'Authenticator app (two-step login)', totpOn: 'On', totpOff: 'Off',
    totpStart: 'Set up an authenticator app', totpScan: 'Scan this code with your authenticator app (or type the key), then enter the code it shows.',
    totpConfirm: 'Confirm', totpEnabled: 'Two-step login is on', totpDisable: 'Turn off', totpDisabled: 'Two-step login is off', usage: 'My recent activity',
  },
  errors: {
    network: 'The server cannot be reached. Check the connection and try again; nothing you typed is lost.',
    internal: 'Something went wrong on the server. Try again; if it persists, tell the administrator.',
    locked: 'This account is locked after repeated failed logins. Try again in {{minutes}} minute(s), or ask an administrator to unlock it.',
    checkFields: 'Check the fields marked below.',
    code: {
      UNAUTHENTICATED: 'You are not logged in.', FORBIDDEN: 'You may not do this.', NOT_FOUND: 'Not found.', CONFLICT: 'Someone changed this first; reload and check.',
      VALIDATION: 'Some information is not valid.', RATE_LIMITED: 'Too many attempts; wait and try again.', INTERNAL: 'Server error.',
    },
  },
  inbox: {
    search: 'Search', searchPlaceholder: 'Summary, number, issuing body…', moreFilters: 'More filters', fewerFilters: 'Fewer filters',
    deadlineBefore: 'Due by', onlyOverdue: 'Overdue only', empty: 'Nothing here', kind: 'As', received: 'Received',
  },
  kind: { main: 'Main handler', co: 'Co-handler', info: 'For information', pool: 'Unit pool' },
  workState: { pending: 'Pending', processed: 'Done', info: 'For information' },
  deadline: { overdue: 'overdue', soon: 'due soon' },
  urgency: { normal: 'Normal', urgent: 'Urgent', very_urgent: 'Very urgent', flash: 'Flash' },
  confidentiality: { normal: 'Normal', confidential: 'Confidential', secret: 'Secret', top_secret: 'Top secret' },
  channel: { paper: 'Paper', electronic: 'Electronic', routed: 'Assigned' },
  document: {
    summary: 'Summary', issuingBody: 'Issuing body', numberNotation: 'Number and notation', documentDate: 'Document date', documentType: 'Document type',
    urgency: 'Urgency', confidentiality: 'Confidentiality', pageCount: 'Pages', signer: 'Signed by', signerName: 'Signer', signerPosition: "Signer's position",
    deadline: 'Deadline', unit: 'Unit', recipients: 'Recipients', notes: 'Notes', arrivalNumber: 'Arrival no.', arrival: 'Arrival no. {{number}} — {{register}} {{year}}',
    parent: 'Original document', actions: 'What you can do', noActions: 'Nothing for you to do on this document now.', tabInfo: 'Document',
    tabProcess: 'Processing', tabHistory: 'History', files: 'Attachments', step: 'Step', sentBy: 'Sent by', workItems: 'Work items', holder: 'Held by',
    state: 'State', unitsProgress: 'Units assigned', updatedAt: 'Updated',
  },
  files: {
    drop: 'Drop scans and attachments here, or click to choose', hint: 'PDF, images, office documents. Each file is uploaded at once.',
    preview: 'Preview', download: 'Download', previewFailed: 'The preview could not be loaded.',
  },
  action: {
    main: 'Main handler', co: 'Co-handlers', info: 'For information', units: 'Units', deadline: 'Processing deadline', inWorkingDays: 'In working days',
    onDate: 'On a date', note: 'Note', attachments: 'Attachments', register: 'Register', registered: 'Registered: arrival number {{number}}', done: '{{action}}: done',
  },
  picker: {
    searchPeople: 'Type a name, username, unit or role', typeToSearch: 'Type at least 2 letters', nobody: 'Nobody found', browse: 'Organisation tree', units: 'Choose units',
  },
  receive: {
    scans: 'Scans and attachments', files: 'Files', needScan: 'Add the scan of the document', metadata: 'Document details',
    duplicates: 'Probably already registered:', duplicateItem: 'Arrival no. {{number}}/{{year}} ({{at}})', notationHint: 'As printed, e.g. 05/BNV-VP',
    printedDeadline: 'Deadline printed on the document', submit: 'Receive', done: 'Received: now register it',
  },
  awaiting: { sender: 'Sending agency', receivedAt: 'Received', register: 'Register', refuse: 'Refuse', notAvailable: 'This document is no longer waiting.' },
  book: {
    register: 'Register', year: 'Year', filter: 'Filter this page', filterNote: 'The filter applies to the rows of the page shown.', xlsx: 'Export to Excel', print: 'Print',
    printTitle: '{{name}} — {{year}}', arrivedAt: 'Arrival date', typeAndSummary: 'Type and summary', forwardedTo: 'Unit or person receiving', forwardedAt: 'Date passed on', signature: 'Signature',
  },
  registerKind: { incoming: 'incoming', outgoing: 'outgoing', internal: 'internal' },
  overdue: {
    within: 'Due soon within (working days)', overdue: 'Overdue', dueSoon: 'Due by {{date}}', soon: 'Due soon', today: 'Today: {{date}}', perUnit: 'Per unit', perPerson: 'Per person',
    person: 'Person', itemsOf: 'Work of {{name}}', both: 'Both', hidden: '(confidential)', daysLate: 'Days late',
  },
  audit: {
    documentId: 'Document id', asOf: 'The document at a moment', moment: 'Moment', replay: 'Show', finished: 'finished', revision: 'Revision', notYet: 'The document did not exist yet.',
    verify: 'Integrity of the history', verifyButton: 'Verify the hash chain', intact: 'The history is intact', altered: 'The history was altered', checked: '{{count}} events checked',
    pickFromHistory: 'Moments of the history:',
  },
  history: { onBehalf: 'on behalf, {{authority}}', step: '{{from}} → {{to}}' },
  search: { state: 'State', all: 'All', open: 'In progress', done: 'Finished' },
  usage: { at: 'When', kind: 'What', ip: 'Address', agent: 'Browser' },
  admin: {
    organisation: 'Organisation', people: 'People and positions', delegations: 'Delegations', catalogues: 'Catalogues and registers', calendar: 'Working calendar',
    usage: 'Usage log', simulate: 'Electronic exchange (test)', searchPeople: 'Search people', createAccount: 'New account', name: 'Name', positions: 'Positions',
    clearance: 'Clearance', inactive: 'inactive', resetPassword: 'Reset password', resetConfirm: 'Give this person a new one-time password and end their sessions?',
    unlock: 'Unlock', unlocked: 'Account unlocked', revokeSessions: 'End sessions', revokeConfirm: 'End every session of this person?', revoked: '{{count}} session(s) ended',
    oneTimeTitle: 'One-time password', oneTime: 'Give {{username}} this one-time password (shown only now):', email: 'E-mail', phone: 'Phone',
    scope: 'Scope', authority: 'Authority', period: 'Period', revokedTag: 'withdrawn', revokeDelegation: 'Withdraw', grantDelegation: 'Delegate a position', granted: 'Delegation granted',
    delegatedPosition: 'Position delegated', delegatePerson: 'To', delegateHint: 'The person who will act in the position during the period.',
    documentTypes: 'Document types', fields: 'Fields', externalAgencies: 'External agencies', registers: 'Registers', code: 'Code', abbreviation: 'Abbreviation', kind: 'Kind',
    identifierCode: 'Identifier code', country: 'Country', vietnam: 'Viet Nam', laos: 'Laos', calendarConfigured: 'Set by an administrator', calendarBuiltIn: 'Built-in calendar',
    holidays: 'Public holidays', date: 'Date', workingWeekends: 'Working weekend days', simulateTitle: 'An electronic document from another agency',
    simulateHint: 'Stands in for the national document exchange: the document arrives in the receiving office\u2019s "awaiting registration" list.',
    receivingUnit: 'Receiving agency or unit', simulateSubmit: 'Send', simulated: 'Sent: it is waiting for registration',
  },
  unitKind: { AGENCY: 'agency', UNIT: 'unit', DEPARTMENT: 'department' },
  delegationScope: { position: 'The whole position', signing: 'Signing only' },
  pool: { note: 'This document came to your unit\u2019s shared box. The server does not yet show such documents in full to the people of the pool: here are the details from your inbox and the actions of this step.', done: 'Done: the document has moved on.' },
  steps: {
    receive: 'Receive', update: 'Update and forward', propose: 'Assignment proposed', approve: 'Approval', routed: 'Assigned to units', refused: 'Refused',
    direct: "Leader's direction", department: 'Department', handle: 'Handling', finished: 'Finished',
  },
  actions: {
    register: 'Registered', refuse: 'Refused', refuse_assignment: 'Assignment refused', submit_to_leader: 'Submitted to the leader', forward_to_department: 'Forwarded to a department',
    forward_to_person: 'Forwarded to a person', return_to_clerk: 'Returned to the clerk', recall: 'Recalled', forward_to_specialist: 'Forwarded to a specialist', finish: 'Finished',
    file: 'Filed', forward: 'Forwarded', complete_part: 'Co-handling part completed', forward_to_general_affairs: 'Forwarded to General Affairs', recall_to_clerk: 'Sent back to the clerk',
    propose_assignment: 'Assignment proposed', approve_assignment: 'Assignment approved', send_back: 'Sent back',
  },
  events: {
    'document_received': 'Received', 'document_registered': 'Registered', 'document_metadata-updated': 'Details corrected', 'document_read': 'Read',
    'document_part-completed': 'Co-handling part completed', 'document_reopened': 'Reopened', 'document_action-taken': 'Action', 'exchange_status-sent': 'Status sent to the sender',
    'identity_login-succeeded': 'Logged in', 'identity_login-failed': 'Login failed', 'identity_logged-out': 'Logged out', 'identity_password-changed': 'Password changed',
    'identity_account-locked': 'Account locked', 'identity_account-unlocked': 'Account unlocked', 'identity_second-factor-changed': 'Two-step login changed', 'identity_sessions-revoked': 'Sessions ended',
  },
};

export default en;
