// Lao interface texts.
const lo = {
  common: { apply: 'ນຳໃຊ້', clear: 'ລຶບລ້າງ', loading: 'ກຳລັງໂຫຼດ…', next: 'ໜ້າຖັດໄປ', previous: 'ໜ້າກ່ອນ', open: 'ເປີດ', page: 'ໜ້າ {{n}}', retry: 'ລອງໃໝ່' },
  nav: {
    inbox: 'ເອກະສານເຂົ້າ', pending: 'ລໍຖ້າດຳເນີນການ', processed: 'ດຳເນີນການແລ້ວ', info: 'ເພື່ອຊາບ', search: 'ຄົ້ນຫາເອກະສານ',
    awaiting: 'ເອກະສານເອເລັກໂຕຣນິກລໍຖ້າລົງທະບຽນ', receive: 'ຮັບເອກະສານເຈ້ຍ', registers: 'ປຶ້ມທະບຽນ',
    overdue: 'ວຽກກາຍກຳນົດ', audit: 'ກວດສອບ', admin: 'ບໍລິຫານລະບົບ', account: 'ບັນຊີຂອງຂ້ອຍ',
  },
  shell: {
    language: 'ພາສາ', logout: 'ອອກຈາກລະບົບ', menu: 'ເມນູ', navigation: 'ເມນູຫຼັກ', actingPosition: 'ຕຳແໜ່ງທີ່ກຳລັງເຮັດວຽກ',
    delegated: 'ໂດຍການມອບສິດ, {{authority}}', actingByDelegation: 'ເຮັດວຽກໂດຍການມອບສິດ ({{authority}})',
  },
  login: {
    subtitle: 'ຫ້ອງການເອເລັກໂຕຣນິກ', username: 'ຊື່ຜູ້ໃຊ້', password: 'ລະຫັດຜ່ານ', totp: 'ລະຫັດຢືນຢັນ', submit: 'ເຂົ້າສູ່ລະບົບ',
    totpFormat: 'ປ້ອນ 6 ຕົວເລກທີ່ແອັບຢືນຢັນສະແດງ', codeNeeded: 'ບັນຊີນີ້ເຂົ້າລະບົບສອງຂັ້ນຕອນ: ປ້ອນລະຫັດຈາກແອັບຢືນຢັນ.',
    expired: 'ການເຂົ້າໃຊ້ໝົດອາຍຸແລ້ວ. ເຂົ້າລະບົບຄືນເພື່ອສືບຕໍ່: ສິ່ງທີ່ພິມໄວ້ຍັງຢູ່.', expiredTitle: 'ໝົດອາຍຸການເຂົ້າໃຊ້',
  },
  account: {
    changePassword: 'ປ່ຽນລະຫັດຜ່ານ', currentPassword: 'ລະຫັດຜ່ານປັດຈຸບັນ', newPassword: 'ລະຫັດຜ່ານໃໝ່', repeatPassword: 'ປ້ອນລະຫັດຜ່ານໃໝ່ອີກຄັ້ງ',
    mismatch: 'ລະຫັດຜ່ານທັງສອງບໍ່ກົງກັນ', passwordChanged: 'ປ່ຽນລະຫັດຜ່ານແລ້ວ', passwordHint: 'ຢ່າງໜ້ອຍ 10 ຕົວອັກສອນ; ບໍ່ແມ່ນຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານທົ່ວໄປ.',
    mustChange: 'ກະລຸນາຕັ້ງລະຫັດຜ່ານຂອງທ່ານເອງກ່ອນເລີ່ມວຽກ', totp: 'ແອັບຢືນຢັນ (ເຂົ້າລະບົບສອງຂັ້ນຕອນ)', totpOn: 'ເປີດ', totpOff: 'ປິດ',
    totpStart: 'ຕັ້ງຄ່າແອັບຢືນຢັນ', totpScan: 'ສະແກນລະຫັດນີ້ດ້ວຍແອັບຢືນຢັນ (ຫຼື ພິມກະແຈ), ແລ້ວປ້ອນລະຫັດທີ່ແອັບສະແດງ.',
    totpConfirm: 'ຢືນຢັນ', totpEnabled: 'ເປີດການເຂົ້າລະບົບສອງຂັ້ນຕອນແລ້ວ', totpDisable: 'ປິດ', totpDisabled: 'ປິດການເຂົ້າລະບົບສອງຂັ້ນຕອນແລ້ວ', usage: 'ການເຄື່ອນໄຫວຫຼ້າສຸດຂອງຂ້ອຍ',
  },
  errors: {
    network: 'ບໍ່ສາມາດເຊື່ອມຕໍ່ເຊີບເວີ. ກວດການເຊື່ອມຕໍ່ແລ້ວລອງໃໝ່; ສິ່ງທີ່ພິມໄວ້ບໍ່ເສຍ.',
    internal: 'ເຊີບເວີມີບັນຫາ. ລອງໃໝ່; ຖ້າຍັງເປັນຢູ່, ແຈ້ງຜູ້ບໍລິຫານລະບົບ.',
    locked: 'ບັນຊີຖືກລັອກຍ້ອນເຂົ້າລະບົບຜິດຫຼາຍຄັ້ງ. ລອງໃໝ່ໃນອີກ {{minutes}} ນາທີ, ຫຼື ຂໍໃຫ້ຜູ້ບໍລິຫານປົດລັອກ.',
    checkFields: 'ກວດເບິ່ງຊ່ອງທີ່ໝາຍໄວ້ຂ້າງລຸ່ມ.',
    code: {
      UNAUTHENTICATED: 'ທ່ານຍັງບໍ່ໄດ້ເຂົ້າລະບົບ.', FORBIDDEN: 'ທ່ານບໍ່ມີສິດເຮັດສິ່ງນີ້.', NOT_FOUND: 'ບໍ່ພົບ.', CONFLICT: 'ມີຜູ້ອື່ນປ່ຽນແປງກ່ອນແລ້ວ; ໂຫຼດຄືນເພື່ອກວດເບິ່ງ.',
      VALIDATION: 'ຂໍ້ມູນບາງຢ່າງບໍ່ຖືກຕ້ອງ.', RATE_LIMITED: 'ພະຍາຍາມຫຼາຍເກີນໄປ; ກະລຸນາລໍຖ້າແລ້ວລອງໃໝ່.', INTERNAL: 'ເຊີບເວີຜິດພາດ.',
    },
  },
  inbox: {
    search: 'ຄົ້ນຫາ', searchPlaceholder: 'ເນື້ອໃນຫຍໍ້, ເລກທີ, ອົງການອອກ…', moreFilters: 'ຕົວກັ່ນຕອງເພີ່ມ', fewerFilters: 'ເຊື່ອງຕົວກັ່ນຕອງ',
    deadlineBefore: 'ກຳນົດກ່ອນວັນທີ', onlyOverdue: 'ສະເພາະທີ່ກາຍກຳນົດ', empty: 'ບໍ່ມີເອກະສານ', kind: 'ບົດບາດ', received: 'ວັນທີຮັບ',
  },
  kind: { main: 'ຜູ້ດຳເນີນການຫຼັກ', co: 'ຜູ້ປະສານງານ', info: 'ເພື່ອຊາບ', pool: 'ຂອງໜ່ວຍງານ' },
  workState: { pending: 'ລໍຖ້າດຳເນີນການ', processed: 'ດຳເນີນການແລ້ວ', info: 'ເພື່ອຊາບ' },
  deadline: { overdue: 'ກາຍກຳນົດ', soon: 'ໃກ້ຮອດກຳນົດ' },
  urgency: { normal: 'ທຳມະດາ', urgent: 'ດ່ວນ', very_urgent: 'ດ່ວນຫຼາຍ', flash: 'ດ່ວນທີ່ສຸດ' },
  confidentiality: { normal: 'ທຳມະດາ', confidential: 'ລັບ', secret: 'ລັບຫຼາຍ', top_secret: 'ລັບສຸດຍອດ' },
  channel: { paper: 'ເອກະສານເຈ້ຍ', electronic: 'ເອກະສານເອເລັກໂຕຣນິກ', routed: 'ໄດ້ຮັບມອບໝາຍ' },
  document: {
    summary: 'ເນື້ອໃນຫຍໍ້', issuingBody: 'ອົງການອອກເອກະສານ', numberNotation: 'ເລກທີ ແລະ ສັນຍາລັກ', documentDate: 'ວັນທີເອກະສານ', documentType: 'ປະເພດເອກະສານ',
    urgency: 'ລະດັບດ່ວນ', confidentiality: 'ລະດັບຄວາມລັບ', pageCount: 'ຈຳນວນໜ້າ', signer: 'ຜູ້ລົງນາມ', signerName: 'ຜູ້ລົງນາມ', signerPosition: 'ຕຳແໜ່ງຜູ້ລົງນາມ',
    deadline: 'ກຳນົດເວລາ', unit: 'ໜ່ວຍງານ', recipients: 'ບ່ອນຮັບ', notes: 'ໝາຍເຫດ', arrivalNumber: 'ເລກທີຮັບ', arrival: 'ເລກທີຮັບ {{number}} — {{register}} {{year}}',
    parent: 'ເອກະສານຕົ້ນສະບັບ', actions: 'ສິ່ງທີ່ທ່ານເຮັດໄດ້', noActions: 'ຕອນນີ້ທ່ານບໍ່ມີຫຍັງຕ້ອງເຮັດກັບເອກະສານນີ້.', tabInfo: 'ເອກະສານ',
    tabProcess: 'ການດຳເນີນການ', tabHistory: 'ປະຫວັດ', files: 'ໄຟລ໌ຄັດຕິດ', step: 'ຂັ້ນຕອນ', sentBy: 'ຜູ້ສົ່ງ', workItems: 'ການມອບໝາຍວຽກ', holder: 'ຜູ້ຮັບຜິດຊອບ',
    state: 'ສະຖານະ', unitsProgress: 'ໜ່ວຍງານທີ່ໄດ້ຮັບມອບໝາຍ', updatedAt: 'ປັບປຸງ',
  },
  files: {
    drop: 'ລາກໄຟລ໌ສະແກນ ແລະ ໄຟລ໌ຄັດຕິດມາໃສ່ບ່ອນນີ້, ຫຼື ກົດເພື່ອເລືອກ', hint: 'PDF, ຮູບພາບ, ເອກະສານຫ້ອງການ. ແຕ່ລະໄຟລ໌ຖືກອັບໂຫຼດທັນທີ.',
    preview: 'ເບິ່ງຕົວຢ່າງ', download: 'ດາວໂຫຼດ', previewFailed: 'ບໍ່ສາມາດໂຫຼດຕົວຢ່າງໄດ້.',
  },
  action: {
    main: 'ຜູ້ດຳເນີນການຫຼັກ', co: 'ຜູ້ປະສານງານ', info: 'ເພື່ອຊາບ', units: 'ໜ່ວຍງານ', deadline: 'ກຳນົດເວລາດຳເນີນການ', inWorkingDays: 'ຈຳນວນວັນລັດຖະການ',
    onDate: 'ເຖິງວັນທີ', note: 'ຄຳເຫັນ', attachments: 'ໄຟລ໌ຄັດຕິດ', register: 'ປຶ້ມທະບຽນ', registered: 'ລົງທະບຽນແລ້ວ: ເລກທີຮັບ {{number}}', done: '{{action}}: ສຳເລັດ',
  },
  picker: {
    searchPeople: 'ພິມຊື່, ຊື່ຜູ້ໃຊ້, ໜ່ວຍງານ ຫຼື ຕຳແໜ່ງ', typeToSearch: 'ພິມຢ່າງໜ້ອຍ 2 ຕົວອັກສອນ', nobody: 'ບໍ່ພົບໃຜ', browse: 'ແຜນຜັງການຈັດຕັ້ງ', units: 'ເລືອກໜ່ວຍງານ',
  },
  receive: {
    scans: 'ໄຟລ໌ສະແກນ ແລະ ໄຟລ໌ຄັດຕິດ', files: 'ໄຟລ໌', needScan: 'ກະລຸນາເພີ່ມໄຟລ໌ສະແກນຂອງເອກະສານ', metadata: 'ຂໍ້ມູນເອກະສານ',
    duplicates: 'ອາດຈະລົງທະບຽນແລ້ວ:', duplicateItem: 'ເລກທີຮັບ {{number}}/{{year}} ({{at}})', notationHint: 'ຕາມທີ່ພິມໃນເອກະສານ, ເຊັ່ນ 05/BNV-VP',
    printedDeadline: 'ກຳນົດເວລາທີ່ລະບຸໃນເອກະສານ', submit: 'ຮັບເອກະສານ', done: 'ຮັບແລ້ວ: ກະລຸນາລົງທະບຽນ',
  },
  awaiting: { sender: 'ອົງການສົ່ງ', receivedAt: 'ເວລາຮັບ', register: 'ລົງທະບຽນ', refuse: 'ປະຕິເສດ', notAvailable: 'ເອກະສານນີ້ບໍ່ໄດ້ລໍຖ້າລົງທະບຽນແລ້ວ.' },
  book: {
    register: 'ປຶ້ມ', year: 'ປີ', filter: 'ກັ່ນຕອງໜ້ານີ້', filterNote: 'ຕົວກັ່ນຕອງໃຊ້ກັບແຖວຂອງໜ້າທີ່ສະແດງ.', xlsx: 'ສົ່ງອອກ Excel', print: 'ພິມ',
    printTitle: '{{name}} — ປີ {{year}}', arrivedAt: 'ວັນທີຮັບ', typeAndSummary: 'ປະເພດ ແລະ ເນື້ອໃນຫຍໍ້', forwardedTo: 'ໜ່ວຍງານ ຫຼື ຜູ້ຮັບ', forwardedAt: 'ວັນທີສົ່ງຕໍ່', signature: 'ລາຍເຊັນຮັບ',
  },
  registerKind: { incoming: 'ເອກະສານເຂົ້າ', outgoing: 'ເອກະສານອອກ', internal: 'ພາຍໃນ' },
  overdue: {
    within: 'ໃກ້ຮອດກຳນົດພາຍໃນ (ວັນລັດຖະການ)', overdue: 'ກາຍກຳນົດ', dueSoon: 'ຮອດກຳນົດກ່ອນ {{date}}', soon: 'ໃກ້ຮອດກຳນົດ', today: 'ມື້ນີ້: {{date}}', perUnit: 'ຕາມໜ່ວຍງານ', perPerson: 'ຕາມບຸກຄົນ',
    person: 'ບຸກຄົນ', itemsOf: 'ວຽກຂອງ {{name}}', both: 'ທັງສອງ', hidden: '(ເອກະສານລັບ)', daysLate: 'ຈຳນວນວັນຊ້າ',
  },
  audit: {
    documentId: 'ລະຫັດເອກະສານ', asOf: 'ເອກະສານ ໃນເວລາໃດໜຶ່ງ', moment: 'ເວລາ', replay: 'ສະແດງ', finished: 'ສຳເລັດແລ້ວ', revision: 'ສະບັບ', notYet: 'ເວລານັ້ນເອກະສານຍັງບໍ່ມີ.',
    verify: 'ຄວາມຖືກຕ້ອງຂອງປະຫວັດ', verifyButton: 'ກວດສອບລະບົບຕ່ອງໂສ້ແຮຊ', intact: 'ປະຫວັດຄົບຖ້ວນ', altered: 'ປະຫວັດຖືກແກ້ໄຂ', checked: 'ກວດແລ້ວ {{count}} ເຫດການ',
    pickFromHistory: 'ເວລາຕ່າງໆໃນປະຫວັດ:',
  },
  history: { onBehalf: 'ແທນ, {{authority}}', step: '{{from}} → {{to}}' },
  search: { state: 'ສະຖານະ', all: 'ທັງໝົດ', open: 'ກຳລັງດຳເນີນການ', done: 'ສຳເລັດແລ້ວ' },
  usage: { at: 'ເວລາ', kind: 'ການເຄື່ອນໄຫວ', ip: 'ທີ່ຢູ່', agent: 'ບຣາວເຊີ' },
  admin: {
    organisation: 'ໂຄງສ້າງການຈັດຕັ້ງ', people: 'ພະນັກງານ ແລະ ຕຳແໜ່ງ', delegations: 'ການມອບສິດ', catalogues: 'ບັນຊີລາຍການ ແລະ ປຶ້ມທະບຽນ', calendar: 'ປະຕິທິນເຮັດວຽກ',
    usage: 'ບັນທຶກການນຳໃຊ້', simulate: 'ແລກປ່ຽນເອກະສານ (ທົດລອງ)', searchPeople: 'ຄົ້ນຫາພະນັກງານ', createAccount: 'ສ້າງບັນຊີ', name: 'ຊື່ ແລະ ນາມສະກຸນ', positions: 'ຕຳແໜ່ງ',
    clearance: 'ລະດັບສິດອ່ານ', inactive: 'ບໍ່ເຄື່ອນໄຫວ', resetPassword: 'ຕັ້ງລະຫັດຜ່ານໃໝ່', resetConfirm: 'ໃຫ້ລະຫັດຜ່ານໃຊ້ຄັ້ງດຽວໃໝ່ ແລະ ຢຸດທຸກການເຂົ້າໃຊ້ຂອງຄົນນີ້ບໍ?',
    unlock: 'ປົດລັອກ', unlocked: 'ປົດລັອກບັນຊີແລ້ວ', revokeSessions: 'ຢຸດການເຂົ້າໃຊ້', revokeConfirm: 'ຢຸດທຸກການເຂົ້າໃຊ້ຂອງຄົນນີ້ບໍ?', revoked: 'ຢຸດແລ້ວ {{count}} ການເຂົ້າໃຊ້',
    oneTimeTitle: 'ລະຫັດຜ່ານໃຊ້ຄັ້ງດຽວ', oneTime: 'ມອບລະຫັດຜ່ານໃຊ້ຄັ້ງດຽວນີ້ໃຫ້ {{username}} (ສະແດງພຽງຄັ້ງນີ້):', email: 'ອີເມວ', phone: 'ໂທລະສັບ',
    scope: 'ຂອບເຂດ', authority: 'ສິດອຳນາດ', period: 'ໄລຍະເວລາ', revokedTag: 'ຖອນຄືນແລ້ວ', revokeDelegation: 'ຖອນຄືນ', grantDelegation: 'ມອບສິດຕຳແໜ່ງ', granted: 'ມອບສິດແລ້ວ',
    delegatedPosition: 'ຕຳແໜ່ງທີ່ມອບສິດ', delegatePerson: 'ຜູ້ຮັບມອບສິດ', delegateHint: 'ຜູ້ທີ່ຈະເຮັດວຽກໃນຕຳແໜ່ງນີ້ໃນໄລຍະເວລາ.',
    documentTypes: 'ປະເພດເອກະສານ', fields: 'ຂະແໜງການ', externalAgencies: 'ອົງການພາຍນອກ', registers: 'ປຶ້ມທະບຽນ', code: 'ລະຫັດ', abbreviation: 'ຕົວຫຍໍ້', kind: 'ປະເພດ',
    identifierCode: 'ລະຫັດປະຈຳ', country: 'ປະເທດ', vietnam: 'ຫວຽດນາມ', laos: 'ລາວ', calendarConfigured: 'ຕັ້ງໂດຍຜູ້ບໍລິຫານ', calendarBuiltIn: 'ປະຕິທິນພື້ນຖານ',
    holidays: 'ວັນພັກລັດຖະການ', date: 'ວັນທີ', workingWeekends: 'ວັນທ້າຍອາທິດທີ່ເຮັດວຽກ', simulateTitle: 'ເອກະສານເອເລັກໂຕຣນິກຈາກອົງການອື່ນ',
    simulateHint: 'ແທນລະບົບແລກປ່ຽນເອກະສານແຫ່ງຊາດ: ເອກະສານຈະເຂົ້າໃນລາຍການ "ລໍຖ້າລົງທະບຽນ" ຂອງຫ້ອງການຜູ້ຮັບ.',
    receivingUnit: 'ອົງການ ຫຼື ໜ່ວຍງານຮັບ', simulateSubmit: 'ສົ່ງ', simulated: 'ສົ່ງແລ້ວ: ເອກະສານລໍຖ້າລົງທະບຽນ',
  },
  unitKind: { AGENCY: 'ອົງການ', UNIT: 'ໜ່ວຍງານ', DEPARTMENT: 'ພະແນກ' },
  delegationScope: { position: 'ທັງຕຳແໜ່ງ', signing: 'ສະເພາະການລົງນາມ' },
  pool: { note: 'ເອກະສານນີ້ມາຮອດກ່ອງລວມຂອງໜ່ວຍງານ. ເຊີບເວີຍັງບໍ່ສະແດງເອກະສານດັ່ງກ່າວໃຫ້ຜູ້ຮັບຜ່ານກ່ອງລວມເບິ່ງຢ່າງຄົບຖ້ວນ: ນີ້ແມ່ນຂໍ້ມູນຈາກກ່ອງເອກະສານເຂົ້າ ແລະ ການດຳເນີນການຂອງຂັ້ນຕອນນີ້.', done: 'ສຳເລັດ: ເອກະສານໄດ້ສົ່ງຕໍ່ແລ້ວ.' },
  steps: {
    receive: 'ຮັບເອກະສານ', update: 'ປັບປຸງ ແລະ ສົ່ງຕໍ່', propose: 'ສະເໜີການມອບໝາຍ', approve: 'ອະນຸມັດ', routed: 'ສົ່ງໃຫ້ໜ່ວຍງານແລ້ວ', refused: 'ປະຕິເສດ',
    direct: 'ຜູ້ນຳຊີ້ນຳ', department: 'ພະແນກດຳເນີນການ', handle: 'ວິຊາການດຳເນີນການ', finished: 'ສຳເລັດແລ້ວ',
  },
  actions: {
    register: 'ລົງທະບຽນ', refuse: 'ປະຕິເສດ', refuse_assignment: 'ປະຕິເສດການມອບໝາຍ', submit_to_leader: 'ສະເໜີຜູ້ນຳ', forward_to_department: 'ສົ່ງໃຫ້ພະແນກ',
    forward_to_person: 'ສົ່ງໃຫ້ບຸກຄົນ', return_to_clerk: 'ສົ່ງຄືນພະນັກງານທະບຽນ', recall: 'ຖອນຄືນ', forward_to_specialist: 'ສົ່ງໃຫ້ວິຊາການ', finish: 'ສຳເລັດ',
    file: 'ເກັບເຂົ້າແຟ້ມ', forward: 'ສົ່ງຕໍ່', complete_part: 'ສຳເລັດສ່ວນປະສານງານ', forward_to_general_affairs: 'ສົ່ງໃຫ້ພະແນກສັງລວມ', recall_to_clerk: 'ສົ່ງຄືນພະນັກງານທະບຽນ',
    propose_assignment: 'ສະເໜີການມອບໝາຍ', approve_assignment: 'ອະນຸມັດການມອບໝາຍ', send_back: 'ສົ່ງຄືນ',
  },
  events: {
    'document_received': 'ຮັບເອກະສານ', 'document_registered': 'ລົງທະບຽນ', 'document_metadata-updated': 'ປັບປຸງຂໍ້ມູນ', 'document_read': 'ອ່ານແລ້ວ',
    'document_part-completed': 'ສຳເລັດສ່ວນປະສານງານ', 'document_reopened': 'ເປີດຄືນ', 'document_action-taken': 'ດຳເນີນການ', 'exchange_status-sent': 'ສົ່ງສະຖານະໃຫ້ຜູ້ສົ່ງ',
    'identity_login-succeeded': 'ເຂົ້າລະບົບ', 'identity_login-failed': 'ເຂົ້າລະບົບບໍ່ສຳເລັດ', 'identity_logged-out': 'ອອກຈາກລະບົບ', 'identity_password-changed': 'ປ່ຽນລະຫັດຜ່ານ',
    'identity_account-locked': 'ລັອກບັນຊີ', 'identity_account-unlocked': 'ປົດລັອກບັນຊີ', 'identity_second-factor-changed': 'ປ່ຽນການເຂົ້າລະບົບສອງຂັ້ນຕອນ', 'identity_sessions-revoked': 'ຢຸດການເຂົ້າໃຊ້',
  },
};

export default lo;
