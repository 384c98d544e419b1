// Vietnamese interface texts (the default language).
const vi = {
  common: { apply: 'Áp dụng', clear: 'Xóa lọc', loading: 'Đang tải…', next: 'Trang sau', previous: 'Trang trước', open: 'Mở', page: 'Trang {{n}}', retry: 'Thử lại' },
  nav: {
    inbox: 'Văn bản đến', pending: 'Chờ xử lý', processed: 'Đã xử lý', info: 'Xem để biết', search: 'Tra cứu văn bản',
    awaiting: 'Văn bản điện tử chờ vào sổ', receive: 'Tiếp nhận văn bản giấy', registers: 'Sổ đăng ký',
    overdue: 'Theo dõi quá hạn', audit: 'Kiểm tra', admin: 'Quản trị', account: 'Tài khoản của tôi',
  },
  shell: {
    language: 'Ngôn ngữ', logout: 'Đăng xuất', menu: 'Danh mục', navigation: 'Điều hướng chính', actingPosition: 'Chức danh đang làm việc',
    delegated: 'được ủy quyền, {{authority}}', actingByDelegation: 'Đang làm việc theo ủy quyền ({{authority}})',
  },
  login: {
    subtitle: 'Văn phòng điện tử', username: 'Tên đăng nhập', password: 'Mật khẩu', totp: 'Mã xác thực', submit: 'Đăng nhập',
    totpFormat: 'Nhập 6 chữ số do ứng dụng xác thực hiển thị', codeNeeded: 'Tài khoản này đăng nhập hai bước: nhập mã từ ứng dụng xác thực.',
    expired: 'Phiên làm việc đã hết hạn. Đăng nhập lại để tiếp tục: nội dung đã nhập vẫn được giữ.', expiredTitle: 'Hết phiên làm việc',
  },
  account: {
    changePassword: 'Đổi mật khẩu', currentPassword: 'Mật khẩu hiện tại', newPassword: 'Mật khẩu mới', repeatPassword: 'Nhập lại mật khẩu mới',
    mismatch: 'Hai mật khẩu không khớp', passwordChanged: 'Đã đổi mật khẩu', passwordHint: 'Ít nhất 10 ký tự; không trùng tên đăng nhập hoặc mật khẩu phổ biến.',
    mustChange: 'Hãy đặt mật khẩu của riêng bạn trước khi bắt đầu', totp: 'Ứng dụng xác thực (đăng nhập hai bước)', totpOn: 'Đang bật', totpOff: 'Đang tắt',
    totpStart: 'Thiết lập ứng dụng xác thực', totpScan: 'Quét mã này bằng ứng dụng xác thực (hoặc nhập khóa), rồi nhập mã ứng dụng hiển thị.',
    totpConfirm: 'Xác nhận', totpEnabled: 'Đã bật đăng nhập hai bước', totpDisable: 'Tắt', totpDisabled: 'Đã tắt đăng nhập hai bước', usage: 'Hoạt động gần đây của tôi',
  },
  errors: {
    network: 'Không kết nối được máy chủ. Kiểm tra kết nối rồi thử lại; nội dung đã nhập không bị mất.',
    internal: 'Máy chủ gặp lỗi. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống.',
    locked: 'Tài khoản bị khóa do đăng nhập sai nhiều lần. Thử lại sau {{minutes}} phút, hoặc đề nghị quản trị mở khóa.',
    checkFields: 'Kiểm tra các trường được đánh dấu bên dưới.',
    code: {
      UNAUTHENTICATED: 'Bạn chưa đăng nhập.', FORBIDDEN: 'Bạn không có quyền thực hiện việc này.', NOT_FOUND: 'Không tìm thấy.', CONFLICT: 'Đã có người thay đổi trước; tải lại để kiểm tra.',
      VALIDATION: 'Một số thông tin không hợp lệ.', RATE_LIMITED: 'Thử quá nhiều lần; hãy chờ rồi thử lại.', INTERNAL: 'Lỗi máy chủ.',
    },
  },
  inbox: {
    search: 'Tìm kiếm', searchPlaceholder: 'Trích yếu, số ký hiệu, cơ quan ban hành…', moreFilters: 'Thêm bộ lọc', fewerFilters: 'Ẩn bộ lọc',
    deadlineBefore: 'Hạn đến ngày', onlyOverdue: 'Chỉ văn bản quá hạn', empty: 'Không có văn bản', kind: 'Vai trò', received: 'Ngày nhận',
  },
  kind: { main: 'Xử lý chính', co: 'Phối hợp', info: 'Xem để biết', pool: 'Chung của đơn vị' },
  workState: { pending: 'Chờ xử lý', processed: 'Đã xử lý', info: 'Xem để biết' },
  deadline: { overdue: 'quá hạn', soon: 'sắp đến hạn' },
  urgency: { normal: 'Thường', urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' },
  confidentiality: { normal: 'Thường', confidential: 'Mật', secret: 'Tối mật', top_secret: 'Tuyệt mật' },
  channel: { paper: 'Văn bản giấy', electronic: 'Văn bản điện tử', routed: 'Được phân công' },
  document: {
    summary: 'Trích yếu', issuingBody: 'Cơ quan ban hành', numberNotation: 'Số, ký hiệu', documentDate: 'Ngày văn bản', documentType: 'Loại văn bản',
    urgency: 'Độ khẩn', confidentiality: 'Độ mật', pageCount: 'Số trang', signer: 'Người ký', signerName: 'Người ký', signerPosition: 'Chức vụ người ký',
    deadline: 'Hạn xử lý', unit: 'Đơn vị', recipients: 'Nơi nhận', notes: 'Ghi chú', arrivalNumber: 'Số đến', arrival: 'Số đến {{number}} — {{register}} {{year}}',
    parent: 'Văn bản gốc', actions: 'Thao tác', noActions: 'Hiện bạn không có thao tác nào trên văn bản này.', tabInfo: 'Văn bản',
    tabProcess: 'Quá trình xử lý', tabHistory: 'Lịch sử', files: 'Tệp đính kèm', step: 'Bước', sentBy: 'Người chuyển', workItems: 'Phân công xử lý', holder: 'Người xử lý',
    state: 'Trạng thái', unitsProgress: 'Các đơn vị được giao', updatedAt: 'Cập nhật',
  },
  files: {
    drop: 'Kéo thả bản quét và tệp đính kèm vào đây, hoặc bấm để chọn', hint: 'PDF, ảnh, văn bản văn phòng. Mỗi tệp được tải lên ngay.',
    preview: 'Xem trước', download: 'Tải về', previewFailed: 'Không tải được bản xem trước.',
  },
  action: {
    main: 'Xử lý chính', co: 'Phối hợp', info: 'Xem để biết', units: 'Đơn vị', deadline: 'Hạn xử lý', inWorkingDays: 'Số ngày làm việc',
    onDate: 'Đến ngày', note: 'Ý kiến', attachments: 'Tệp đính kèm', register: 'Sổ đăng ký', registered: 'Đã vào sổ: số đến {{number}}', done: '{{action}}: đã thực hiện',
  },
  picker: {
    searchPeople: 'Gõ tên, tên đăng nhập, đơn vị hoặc chức danh', typeToSearch: 'Gõ ít nhất 2 ký tự', nobody: 'Không tìm thấy ai', browse: 'Cây tổ chức', units: 'Chọn đơn vị',
  },
  receive: {
    scans: 'Bản quét và tệp đính kèm', files: 'Tệp', needScan: 'Hãy thêm bản quét của văn bản', metadata: 'Thông tin văn bản',
    duplicates: 'Có thể đã vào sổ:', duplicateItem: 'Số đến {{number}}/{{year}} ({{at}})', notationHint: 'Như in trên văn bản, ví dụ 05/BNV-VP',
    printedDeadline: 'Hạn xử lý ghi trên văn bản', submit: 'Tiếp nhận', done: 'Đã tiếp nhận: hãy vào sổ',
  },
  awaiting: { sender: 'Cơ quan gửi', receivedAt: 'Thời điểm nhận', register: 'Vào sổ', refuse: 'Từ chối', notAvailable: 'Văn bản này không còn chờ vào sổ.' },
  book: {
    register: 'Sổ', year: 'Năm', filter: 'Lọc trang này', filterNote: 'Bộ lọc áp dụng cho các dòng của trang đang xem.', xlsx: 'Xuất Excel', print: 'In',
    printTitle: '{{name}} — năm {{year}}', arrivedAt: 'Ngày đến', typeAndSummary: 'Tên loại và trích yếu nội dung', forwardedTo: 'Đơn vị hoặc người nhận', forwardedAt: 'Ngày chuyển', signature: 'Ký nhận',
  },
  registerKind: { incoming: 'văn bản đến', outgoing: 'văn bản đi', internal: 'nội bộ' },
  overdue: {
    within: 'Sắp đến hạn trong (ngày làm việc)', overdue: 'Quá hạn', dueSoon: 'Đến hạn trước {{date}}', soon: 'Sắp đến hạn', today: 'Hôm nay: {{date}}', perUnit: 'Theo đơn vị', perPerson: 'Theo cá nhân',
    person: 'Cá nhân', itemsOf: 'Việc của {{name}}', both: 'Cả hai', hidden: '(văn bản mật)', daysLate: 'Số ngày trễ',
  },
  audit: {
    documentId: 'Mã văn bản', asOf: 'Văn bản tại một thời điểm', moment: 'Thời điểm', replay: 'Xem', finished: 'đã kết thúc', revision: 'Phiên bản', notYet: 'Khi đó văn bản chưa tồn tại.',
    verify: 'Tính toàn vẹn của lịch sử', verifyButton: 'Kiểm tra chuỗi băm', intact: 'Lịch sử toàn vẹn', altered: 'Lịch sử đã bị sửa đổi', checked: 'Đã kiểm tra {{count}} sự kiện',
    pickFromHistory: 'Các thời điểm trong lịch sử:',
  },
  history: { onBehalf: 'thay mặt, {{authority}}', step: '{{from}} → {{to}}' },
  search: { state: 'Trạng thái', all: 'Tất cả', open: 'Đang xử lý', done: 'Đã kết thúc' },
  usage: { at: 'Thời điểm', kind: 'Hoạt động', ip: 'Địa chỉ', agent: 'Trình duyệt' },
  admin: {
    organisation: 'Cơ cấu tổ chức', people: 'Cán bộ và chức danh', delegations: 'Ủy quyền', catalogues: 'Danh mục và sổ', calendar: 'Lịch làm việc',
    usage: 'Nhật ký sử dụng', simulate: 'Liên thông văn bản (thử)', searchPeople: 'Tìm cán bộ', createAccount: 'Tạo tài khoản', name: 'Họ tên', positions: 'Chức danh',
    clearance: 'Mức được đọc', inactive: 'đã nghỉ', resetPassword: 'Cấp lại mật khẩu', resetConfirm: 'Cấp mật khẩu dùng một lần mới và kết thúc các phiên của người này?',
    unlock: 'Mở khóa', unlocked: 'Đã mở khóa tài khoản', revokeSessions: 'Kết thúc phiên', revokeConfirm: 'Kết thúc mọi phiên làm việc của người này?', revoked: 'Đã kết thúc {{count}} phiên',
    oneTimeTitle: 'Mật khẩu dùng một lần', oneTime: 'Trao cho {{username}} mật khẩu dùng một lần này (chỉ hiển thị lúc này):', email: 'Thư điện tử', phone: 'Điện thoại',
    scope: 'Phạm vi', authority: 'Thẩm quyền', period: 'Thời hạn', revokedTag: 'đã thu hồi', revokeDelegation: 'Thu hồi', grantDelegation: 'Ủy quyền chức danh', granted: 'Đã ủy quyền',
    delegatedPosition: 'Chức danh ủy quyền', delegatePerson: 'Người được ủy quyền', delegateHint: 'Người sẽ làm việc ở chức danh này trong thời hạn.',
    documentTypes: 'Loại văn bản', fields: 'Lĩnh vực', externalAgencies: 'Cơ quan bên ngoài', registers: 'Sổ đăng ký', code: 'Mã', abbreviation: 'Viết tắt', kind: 'Loại',
    identifierCode: 'Mã định danh', country: 'Quốc gia', vietnam: 'Việt Nam', laos: 'Lào', calendarConfigured: 'Do quản trị thiết lập', calendarBuiltIn: 'Lịch mặc định',
    holidays: 'Ngày nghỉ lễ', date: 'Ngày', workingWeekends: 'Ngày cuối tuần làm bù', simulateTitle: 'Văn bản điện tử từ cơ quan khác',
    simulateHint: 'Thay cho trục liên thông văn bản quốc gia: văn bản đến danh sách "chờ vào sổ" của văn thư nơi nhận.',
    receivingUnit: 'Cơ quan, đơn vị nhận', simulateSubmit: 'Gửi', simulated: 'Đã gửi: văn bản đang chờ vào sổ',
  },
  unitKind: { AGENCY: 'cơ quan', UNIT: 'đơn vị', DEPARTMENT: 'phòng' },
  delegationScope: { position: 'Toàn bộ chức danh', signing: 'Chỉ ký' },
  pool: { note: 'Văn bản này được chuyển đến hộp chung của đơn vị. Máy chủ chưa cho người nhận qua hộp chung xem đầy đủ văn bản: dưới đây là thông tin từ hộp văn bản đến và các thao tác của bước này.', done: 'Đã thực hiện: văn bản đã được chuyển tiếp.' },
  steps: {
    receive: 'Tiếp nhận', update: 'Cập nhật, chuyển xử lý', propose: 'Dự kiến phân công', approve: 'Phê duyệt', routed: 'Đã chuyển các đơn vị', refused: 'Từ chối',
    direct: 'Lãnh đạo chỉ đạo', department: 'Phòng xử lý', handle: 'Chuyên viên xử lý', finished: 'Đã kết thúc',
  },
  actions: {
    register: 'Vào sổ', refuse: 'Từ chối', refuse_assignment: 'Từ chối phân công', submit_to_leader: 'Trình lãnh đạo', forward_to_department: 'Chuyển phòng',
    forward_to_person: 'Chuyển cá nhân', return_to_clerk: 'Trả văn thư', recall: 'Thu hồi', forward_to_specialist: 'Chuyển chuyên viên', finish: 'Kết thúc',
    file: 'Lưu hồ sơ', forward: 'Chuyển xử lý', complete_part: 'Hoàn thành phần phối hợp', forward_to_general_affairs: 'Chuyển Phòng Tổng hợp', recall_to_clerk: 'Trả lại văn thư',
    propose_assignment: 'Dự kiến phân công', approve_assignment: 'Phê duyệt phân công', send_back: 'Trả lại',
  },
  events: {
    'document_received': 'Tiếp nhận', 'document_registered': 'Vào sổ', 'document_metadata-updated': 'Cập nhật thông tin', 'document_read': 'Đã đọc',
    'document_part-completed': 'Hoàn thành phần phối hợp', 'document_reopened': 'Mở lại', 'document_action-taken': 'Xử lý', 'exchange_status-sent': 'Gửi trạng thái cho nơi gửi',
    'identity_login-succeeded': 'Đăng nhập', 'identity_login-failed': 'Đăng nhập không thành công', 'identity_logged-out': 'Đăng xuất', 'identity_password-changed': 'Đổi mật khẩu',
    'identity_account-locked': 'Khóa tài khoản', 'identity_account-unlocked': 'Mở khóa tài khoản', 'identity_second-factor-changed': 'Thay đổi đăng nhập hai bước', 'identity_sessions-revoked': 'Kết thúc phiên',
  },
};

export default vi;
