//! User-facing error messages in Vietnamese (the default), English and Lao, keyed by the
//! stable `reason` (or, without one, the `code`) of an error. The server puts the message in
//! the caller's language into the response; clients may also translate by key themselves.

use chancery_domain::reference::Lang;

/// `(key, vi, en, lo)`.
const MESSAGES: &[(&str, &str, &str, &str)] = &[
    (
        "NOT_YOUR_KEY",
        "Chỉ được ký bằng khóa ký số của chính mình.",
        "A signature is made with one's own key only.",
        "ລົງລາຍເຊັນໄດ້ດ້ວຍກະແຈຂອງຕົນເອງເທົ່ານັ້ນ.",
    ),
    (
        "NO_SIGNING_KEY",
        "Chưa có khóa ký số để ký; đề nghị quản trị hệ thống cấp.",
        "There is no signing key to sign with; ask an administrator.",
        "ບໍ່ມີກະແຈລົງລາຍເຊັນດິຈິຕອນ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
    ),
    (
        "KEY_REVOKED",
        "Khóa ký số này đã bị thu hồi.",
        "This signing key was revoked.",
        "ກະແຈລົງລາຍເຊັນນີ້ຖືກຖອນຄືນແລ້ວ.",
    ),
    (
        "KEY_UNREADABLE",
        "Không mở được khóa ký số; đề nghị quản trị hệ thống kiểm tra.",
        "The signing key cannot be opened; ask an administrator.",
        "ບໍ່ສາມາດເປີດກະແຈລົງລາຍເຊັນ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
    ),
    (
        "CERTIFICATE_EXPIRED",
        "Chứng thư số đã hết hạn.",
        "The signing certificate has expired.",
        "ໃບຢັ້ງຢືນດິຈິຕອນໝົດອາຍຸແລ້ວ.",
    ),
    (
        "CERTIFICATE_NOT_YET_VALID",
        "Chứng thư số chưa đến thời hạn có hiệu lực.",
        "The signing certificate is not valid yet.",
        "ໃບຢັ້ງຢືນດິຈິຕອນຍັງບໍ່ທັນມີຜົນ.",
    ),
    (
        "CERTIFICATE_UNTRUSTED",
        "Chứng thư số không do tổ chức chứng thực tin cậy cấp.",
        "The signing certificate does not chain to a trusted root.",
        "ໃບຢັ້ງຢືນດິຈິຕອນບໍ່ໄດ້ອອກໂດຍອົງການທີ່ເຊື່ອຖືໄດ້.",
    ),
    (
        "NOT_SIGNED",
        "Người có thẩm quyền chưa ký văn bản.",
        "The competent person has not signed the document yet.",
        "ຜູ້ມີສິດອຳນາດຍັງບໍ່ທັນລົງລາຍເຊັນເອກະສານ.",
    ),
    (
        "ALREADY_SIGNED",
        "Bạn đã ký phiên bản này.",
        "You have already signed this version.",
        "ທ່ານໄດ້ລົງລາຍເຊັນສະບັບນີ້ແລ້ວ.",
    ),
    (
        "FILE_CHANGED",
        "Tệp đã thay đổi sau khi ký; hãy ký phiên bản hiện tại.",
        "The file changed since it was signed; sign the current version.",
        "ໄຟລ໌ປ່ຽນແປງຫຼັງຈາກລົງລາຍເຊັນ; ກະລຸນາລົງລາຍເຊັນສະບັບປັດຈຸບັນ.",
    ),
    (
        "NOT_THE_ORGANISATION",
        "Ban hành cần chữ ký số của cơ quan, tổ chức.",
        "Issuing needs the organisation's signature.",
        "ການອອກເອກະສານຕ້ອງມີລາຍເຊັນຂອງອົງການ.",
    ),
    (
        "BAD_PDF",
        "Không ký được tệp PDF này (tệp hỏng hoặc không đúng định dạng).",
        "This PDF cannot be signed (damaged or not a valid PDF).",
        "ບໍ່ສາມາດລົງລາຍເຊັນໄຟລ໌ PDF ນີ້ໄດ້ (ໄຟລ໌ເສຍ ຫຼື ບໍ່ຖືກຮູບແບບ).",
    ),
    (
        "ENCRYPTED_PDF",
        "Không ký được tệp PDF đã mã hóa.",
        "An encrypted PDF cannot be signed.",
        "ບໍ່ສາມາດລົງລາຍເຊັນ PDF ທີ່ເຂົ້າລະຫັດໄດ້.",
    ),
    (
        "NOT_A_PDF",
        "Chỉ ký số được tệp chính dạng PDF.",
        "Only a PDF main file can be signed digitally.",
        "ລົງລາຍເຊັນດິຈິຕອນໄດ້ສະເພາະໄຟລ໌ຫຼັກ PDF.",
    ),
    (
        "MAIN_FILE_NOT_PDF",
        "Tệp chính của dự thảo phải là PDF (để ký số).",
        "The main file of a draft must be a PDF (it is signed digitally).",
        "ໄຟລ໌ຫຼັກຂອງຮ່າງຕ້ອງເປັນ PDF (ເພື່ອລົງລາຍເຊັນດິຈິຕອນ).",
    ),
    (
        "NO_FILE",
        "Dự thảo chưa có tệp.",
        "The draft has no file.",
        "ຮ່າງເອກະສານຍັງບໍ່ມີໄຟລ໌.",
    ),
    (
        "NO_SUCH_PAGE",
        "Văn bản không có trang này.",
        "The document has no such page.",
        "ເອກະສານບໍ່ມີໜ້ານີ້.",
    ),
    (
        "BAD_BOX",
        "Ô chữ ký nằm ngoài trang hoặc quá nhỏ.",
        "The signature box is outside the page or too small.",
        "ກອບລາຍເຊັນຢູ່ນອກໜ້າ ຫຼື ນ້ອຍເກີນໄປ.",
    ),
    (
        "NOT_A_PNG",
        "Ảnh chữ ký, con dấu phải là tệp PNG.",
        "The signature or seal image must be a PNG.",
        "ຮູບລາຍເຊັນ ຫຼື ກາປະທັບຕ້ອງເປັນໄຟລ໌ PNG.",
    ),
    (
        "ONE_OF_PERSON_OR_UNIT",
        "Chọn một người hoặc một cơ quan, đơn vị sở hữu khóa.",
        "Choose one person or one organisation that owns the key.",
        "ເລືອກບຸກຄົນ ຫຼື ອົງການທີ່ເປັນເຈົ້າຂອງກະແຈ.",
    ),
    (
        "BAD_CERTIFICATE",
        "Không đọc được chứng thư (PEM).",
        "The certificate (PEM) cannot be read.",
        "ບໍ່ສາມາດອ່ານໃບຢັ້ງຢືນ (PEM).",
    ),
    (
        "ONE_CERTIFICATE",
        "Chỉ nhập một chứng thư.",
        "Give exactly one certificate.",
        "ໃສ່ໃບຢັ້ງຢືນພຽງໜຶ່ງໃບ.",
    ),
    (
        "NOT_AN_OUTGOING_REGISTER",
        "Sổ được chọn không phải sổ văn bản đi.",
        "The chosen register is not an outgoing register.",
        "ປຶ້ມທີ່ເລືອກບໍ່ແມ່ນປຶ້ມເອກະສານອອກ.",
    ),
    (
        "UNKNOWN_REGISTER",
        "Không có sổ này.",
        "No such register.",
        "ບໍ່ມີປຶ້ມນີ້.",
    ),
    (
        "TYPE_NOT_IN_REGISTER",
        "Sổ này không cấp số cho loại văn bản này.",
        "This register does not take documents of this type.",
        "ປຶ້ມນີ້ບໍ່ຮັບເອກະສານປະເພດນີ້.",
    ),
    (
        "TOO_CONFIDENTIAL_FOR_REGISTER",
        "Văn bản mật được cấp số ở sổ riêng.",
        "Confidential documents are numbered in their own register.",
        "ເອກະສານລັບອອກເລກທີໃນປຶ້ມສະເພາະ.",
    ),
    (
        "NO_OFFICE",
        "Đơn vị của bạn không có văn thư giữ sổ.",
        "Your unit has no office keeping registers.",
        "ຫົວໜ່ວຍຂອງທ່ານບໍ່ມີຫ້ອງການຮັກສາປຶ້ມ.",
    ),
    (
        "ALREADY_NUMBERED",
        "Văn bản đã được cấp số.",
        "The document is already numbered.",
        "ເອກະສານໄດ້ອອກເລກທີແລ້ວ.",
    ),
    (
        "NOT_NUMBERED",
        "Văn bản chưa được cấp số.",
        "The document has no number yet.",
        "ເອກະສານຍັງບໍ່ມີເລກທີ.",
    ),
    (
        "NOT_ISSUED",
        "Văn bản chưa được ban hành.",
        "The document is not issued.",
        "ເອກະສານຍັງບໍ່ທັນອອກ.",
    ),
    (
        "RECIPIENT_ACTED",
        "Đã có nơi nhận xử lý văn bản: không thể thu hồi nữa.",
        "A recipient has already acted on the document: it can no longer be recalled.",
        "ມີຜູ້ຮັບໄດ້ດຳເນີນການເອກະສານແລ້ວ: ບໍ່ສາມາດເອີ້ນຄືນໄດ້.",
    ),
    (
        "KEY_ALREADY_REGISTERED",
        "Chứng thư này đã được đăng ký cho chủ sở hữu này.",
        "This certificate is already registered for this owner.",
        "ໃບຢັ້ງຢືນນີ້ໄດ້ລົງທະບຽນໃຫ້ເຈົ້າຂອງນີ້ແລ້ວ.",
    ),
    (
        "ALREADY_REVOKED",
        "Khóa ký số đã bị thu hồi trước đó.",
        "The key is already revoked.",
        "ກະແຈນີ້ຖືກຖອນຄືນແລ້ວ.",
    ),
    (
        "TOO_MANY_SIGNATURES",
        "Tệp có quá 100 chữ ký số.",
        "More than 100 signatures in one file.",
        "ໄຟລ໌ມີລາຍເຊັນຫຼາຍກວ່າ 100.",
    ),
    (
        "NOT_THE_MAIN_HANDLER",
        "Người phối hợp chỉ hoàn thành phần việc của mình; người xử lý chính chuyển tiếp hoặc kết thúc văn bản.",
        "A co-handler completes their own part; the main handler moves the document on or ends it.",
        "ຜູ້ປະສານງານສຳເລັດພຽງສ່ວນຂອງຕົນ; ຜູ້ຮັບຜິດຊອບຫຼັກເປັນຜູ້ສົ່ງຕໍ່ ຫຼື ສິ້ນສຸດເອກະສານ.",
    ),
    (
        "NOT_A_CO_HANDLER",
        "Bạn không có phần việc phối hợp nào đang mở trong văn bản này.",
        "You have no open part in this document.",
        "ທ່ານບໍ່ມີສ່ວນວຽກປະສານງານທີ່ເປີດຢູ່ໃນເອກະສານນີ້.",
    ),
    (
        "ACTION_NOT_ALLOWED",
        "Bước xử lý hiện tại không có thao tác này.",
        "This step of the process has no such action.",
        "ຂັ້ນຕອນປັດຈຸບັນບໍ່ມີການດຳເນີນການນີ້.",
    ),
    (
        "ALREADY_REGISTERED",
        "Văn bản đã được vào sổ.",
        "The document is already registered.",
        "ເອກະສານໄດ້ລົງທະບຽນແລ້ວ.",
    ),
    (
        "DUPLICATE_RECIPIENT",
        "Một người được chọn hai lần trong danh sách nhận.",
        "A person is chosen twice among the recipients.",
        "ມີຄົນຖືກເລືອກສອງເທື່ອໃນລາຍຊື່ຜູ້ຮັບ.",
    ),
    (
        "EMPTY_FILE",
        "Tệp rỗng.",
        "The file is empty.",
        "ໄຟລ໌ຫວ່າງເປົ່າ.",
    ),
    (
        "FILE_NOT_UPLOADED",
        "Tệp chưa được tải lên.",
        "Upload the file first.",
        "ກະລຸນາອັບໂຫຼດໄຟລ໌ກ່ອນ.",
    ),
    (
        "FINISHED",
        "Văn bản đã kết thúc xử lý.",
        "The document's processing has ended.",
        "ການດຳເນີນເອກະສານໄດ້ສິ້ນສຸດແລ້ວ.",
    ),
    (
        "FORBIDDEN_TYPE",
        "Loại tệp này không được chấp nhận.",
        "Files of this type are not accepted.",
        "ບໍ່ຮັບໄຟລ໌ປະເພດນີ້.",
    ),
    (
        "INVALID_RANGE",
        "Ngày bắt đầu sau ngày kết thúc.",
        "The start date is after the end date.",
        "ວັນທີເລີ່ມຕົ້ນຢູ່ຫຼັງວັນທີສິ້ນສຸດ.",
    ),
    (
        "IN_THE_FUTURE",
        "Ngày không được sau ngày hôm nay.",
        "The date cannot be after today.",
        "ວັນທີບໍ່ສາມາດຢູ່ຫຼັງມື້ນີ້.",
    ),
    (
        "IN_THE_PAST",
        "Hạn xử lý đã qua.",
        "The deadline is already past.",
        "ກຳນົດເວລາໄດ້ຜ່ານໄປແລ້ວ.",
    ),
    (
        "MAIN_HANDLER_REQUIRED",
        "Chọn người xử lý chính.",
        "Choose the main handler.",
        "ເລືອກຜູ້ຮັບຜິດຊອບຫຼັກ.",
    ),
    (
        "NOT_AN_INCOMING_PROCESS",
        "Quy trình này không dành cho văn bản đến.",
        "This process is not for incoming documents.",
        "ຂະບວນການນີ້ບໍ່ແມ່ນສຳລັບເອກະສານເຂົ້າ.",
    ),
    (
        "NOT_AN_INCOMING_REGISTER",
        "Văn bản đến phải vào sổ văn bản đến.",
        "Incoming documents go into an incoming register.",
        "ເອກະສານເຂົ້າຕ້ອງລົງໃນປຶ້ມທະບຽນເອກະສານເຂົ້າ.",
    ),
    (
        "NOT_A_HANDLER",
        "Văn bản đã được chuyển cho người khác ở bước này.",
        "The document was sent to other people at this step.",
        "ເອກະສານໄດ້ຖືກສົ່ງໃຫ້ຄົນອື່ນໃນຂັ້ນຕອນນີ້.",
    ),
    (
        "NOT_A_SUPERVISOR",
        "Bạn không theo dõi tiến độ của đơn vị này.",
        "You do not supervise this unit's work.",
        "ທ່ານບໍ່ໄດ້ຕິດຕາມວຽກຂອງໜ່ວຍງານນີ້.",
    ),
    (
        "NOT_A_WORKING_DAY",
        "Hạn xử lý rơi vào ngày nghỉ.",
        "The deadline falls on a weekend or a public holiday.",
        "ກຳນົດເວລາຕົກໃນວັນພັກ.",
    ),
    (
        "NOT_IN_THE_UNIT",
        "Văn bản thuộc đơn vị khác.",
        "The document belongs to another unit.",
        "ເອກະສານເປັນຂອງໜ່ວຍງານອື່ນ.",
    ),
    (
        "NOT_YOUR_REGISTER",
        "Sổ này thuộc cơ quan, đơn vị khác.",
        "The register belongs to another office.",
        "ປຶ້ມທະບຽນນີ້ເປັນຂອງຫ້ອງການອື່ນ.",
    ),
    (
        "NOT_YOUR_STEP",
        "Vị trí của bạn không xử lý ở bước này.",
        "Your position does not act at this step.",
        "ຕຳແໜ່ງຂອງທ່ານບໍ່ໄດ້ດຳເນີນການໃນຂັ້ນຕອນນີ້.",
    ),
    (
        "NO_CLERK",
        "Đơn vị không có văn thư để tiếp nhận.",
        "The unit has no clerk to receive it.",
        "ໜ່ວຍງານບໍ່ມີພະນັກງານເອກະສານຮັບ.",
    ),
    (
        "NO_PARENT",
        "Văn bản không được chuyển từ văn bản khác.",
        "The document was not routed from another one.",
        "ເອກະສານບໍ່ໄດ້ຖືກສົ່ງມາຈາກເອກະສານອື່ນ.",
    ),
    (
        "NO_SUCH_DOCUMENT",
        "Không tìm thấy văn bản.",
        "No such document.",
        "ບໍ່ພົບເອກະສານ.",
    ),
    (
        "NO_SUCH_FILE",
        "Không tìm thấy tệp.",
        "No such file.",
        "ບໍ່ພົບໄຟລ໌.",
    ),
    (
        "NO_SUCH_REGISTER",
        "Không tìm thấy sổ văn bản.",
        "No such register.",
        "ບໍ່ພົບປຶ້ມທະບຽນ.",
    ),
    (
        "ONE_OF",
        "Chỉ chọn một trong các điều kiện.",
        "Give only one of these.",
        "ເລືອກພຽງອັນດຽວ.",
    ),
    (
        "OUTSIDE_THE_AGENCY",
        "Người nhận hoặc đơn vị thuộc cơ quan khác.",
        "A recipient or unit belongs to another agency.",
        "ຜູ້ຮັບ ຫຼື ໜ່ວຍງານເປັນຂອງອົງການອື່ນ.",
    ),
    (
        "STEP_MOVED",
        "Người khác đã xử lý văn bản này trước. Vui lòng tải lại.",
        "Someone acted first; reload the document.",
        "ມີຄົນອື່ນດຳເນີນການກ່ອນແລ້ວ. ກະລຸນາໂຫຼດໃໝ່.",
    ),
    (
        "TOO_CONFIDENTIAL",
        "Sổ này không nhận văn bản có độ mật này.",
        "The register does not take documents this confidential.",
        "ປຶ້ມທະບຽນນີ້ບໍ່ຮັບເອກະສານລັບລະດັບນີ້.",
    ),
    (
        "TOO_LARGE",
        "Tệp vượt quá dung lượng cho phép.",
        "The file is larger than allowed.",
        "ໄຟລ໌ໃຫຍ່ເກີນກຳນົດ.",
    ),
    (
        "TYPE_NOT_TAKEN",
        "Sổ này không nhận loại văn bản này.",
        "The register does not take this document type.",
        "ປຶ້ມທະບຽນນີ້ບໍ່ຮັບເອກະສານປະເພດນີ້.",
    ),
    (
        "UNKNOWN_AGENCY",
        "Không tìm thấy cơ quan gửi.",
        "No such sending agency.",
        "ບໍ່ພົບອົງການຜູ້ສົ່ງ.",
    ),
    (
        "UNKNOWN_DOCUMENT_TYPE",
        "Không có loại văn bản này.",
        "No such document type.",
        "ບໍ່ມີປະເພດເອກະສານນີ້.",
    ),
    (
        "UNKNOWN_POSITION",
        "Không tìm thấy vị trí công tác.",
        "No such position.",
        "ບໍ່ພົບຕຳແໜ່ງ.",
    ),
    (
        "UNKNOWN_UNIT",
        "Không tìm thấy đơn vị.",
        "No such unit.",
        "ບໍ່ພົບໜ່ວຍງານ.",
    ),
    (
        "UNAUTHENTICATED",
        "Vui lòng đăng nhập.",
        "Please log in.",
        "ກະລຸນາເຂົ້າສູ່ລະບົບ.",
    ),
    (
        "FORBIDDEN",
        "Bạn không có quyền thực hiện thao tác này.",
        "You are not allowed to do this.",
        "ທ່ານບໍ່ມີສິດເຮັດສິ່ງນີ້.",
    ),
    (
        "NOT_FOUND",
        "Không tìm thấy dữ liệu.",
        "Not found.",
        "ບໍ່ພົບຂໍ້ມູນ.",
    ),
    (
        "INTERNAL",
        "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.",
        "Something went wrong. Please try again later.",
        "ເກີດຂໍ້ຜິດພາດຂອງລະບົບ. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
    ),
    (
        "VALIDATION",
        "Dữ liệu nhập không hợp lệ.",
        "The input is not valid.",
        "ຂໍ້ມູນທີ່ປ້ອນບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_CREDENTIALS",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
        "ຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "ACCOUNT_LOCKED",
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.",
        "The account is locked after too many failed logins. Try again later.",
        "ບັນຊີຖືກລັອກຊົ່ວຄາວ ຍ້ອນເຂົ້າລະບົບຜິດຫຼາຍຄັ້ງ. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
    ),
    (
        "SECOND_FACTOR_REQUIRED",
        "Nhập mã xác thực từ ứng dụng.",
        "Enter the code from your authenticator app.",
        "ປ້ອນລະຫັດຢືນຢັນຈາກແອັບ.",
    ),
    (
        "PASSWORD_CHANGE_REQUIRED",
        "Vui lòng đổi mật khẩu lần đầu trước khi tiếp tục.",
        "Change your one-time password before going on.",
        "ກະລຸນາປ່ຽນລະຫັດຜ່ານຄັ້ງທຳອິດກ່ອນ.",
    ),
    (
        "WRONG_PASSWORD",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
        "ລະຫັດຜ່ານປັດຈຸບັນບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "SAME_PASSWORD",
        "Mật khẩu mới phải khác mật khẩu hiện tại.",
        "The new password must differ from the current one.",
        "ລະຫັດຜ່ານໃໝ່ຕ້ອງແຕກຕ່າງຈາກລະຫັດປັດຈຸບັນ.",
    ),
    (
        "TOO_SHORT",
        "Mật khẩu phải có ít nhất 10 ký tự.",
        "The password must have at least 10 characters.",
        "ລະຫັດຜ່ານຕ້ອງມີຢ່າງໜ້ອຍ 10 ຕົວອັກສອນ.",
    ),
    (
        "TOO_FEW_CLASSES",
        "Mật khẩu cần ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký tự khác.",
        "The password needs 3 of: lowercase, uppercase, digits, other characters.",
        "ລະຫັດຜ່ານຕ້ອງມີ 3 ໃນ 4 ປະເພດ: ຕົວພິມນ້ອຍ, ຕົວພິມໃຫຍ່, ຕົວເລກ, ອື່ນໆ.",
    ),
    (
        "CONTAINS_USERNAME",
        "Mật khẩu không được chứa tên đăng nhập.",
        "The password must not contain the username.",
        "ລະຫັດຜ່ານຕ້ອງບໍ່ມີຊື່ຜູ້ໃຊ້.",
    ),
    (
        "COMMON",
        "Mật khẩu quá phổ biến.",
        "The password is too common.",
        "ລະຫັດຜ່ານນີ້ໃຊ້ທົ່ວໄປເກີນໄປ.",
    ),
    (
        "WRONG_CODE",
        "Mã xác thực không đúng.",
        "The code is wrong.",
        "ລະຫັດຢືນຢັນບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "REQUIRED",
        "Trường này là bắt buộc.",
        "This field is required.",
        "ຕ້ອງປ້ອນຂໍ້ມູນນີ້.",
    ),
    (
        "TOO_LONG",
        "Nội dung quá dài.",
        "The text is too long.",
        "ຂໍ້ຄວາມຍາວເກີນໄປ.",
    ),
    (
        "CONTROL_CHARACTERS",
        "Nội dung chứa ký tự điều khiển không hợp lệ.",
        "The text contains control characters.",
        "ຂໍ້ຄວາມມີຕົວອັກສອນຄວບຄຸມທີ່ບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_CHARACTERS",
        "Nội dung chứa ký tự ẩn hoặc ký tự đổi chiều văn bản, không được phép dùng.",
        "The text contains invisible or text-direction characters, which are not allowed.",
        "ຂໍ້ຄວາມມີຕົວອັກສອນທີ່ເບິ່ງບໍ່ເຫັນ ຫຼື ຕົວອັກສອນປ່ຽນທິດທາງຂໍ້ຄວາມ ເຊິ່ງບໍ່ອະນຸຍາດ.",
    ),
    (
        "INVALID_DATE",
        "Ngày không hợp lệ; hãy nhập theo dạng năm-tháng-ngày, ví dụ 2026-02-28.",
        "The date is not valid; write it as year-month-day, e.g. 2026-02-28.",
        "ວັນທີບໍ່ຖືກຕ້ອງ; ກະລຸນາຂຽນເປັນ ປີ-ເດືອນ-ວັນ, ເຊັ່ນ 2026-02-28.",
    ),
    (
        "INVALID_TIMESTAMP",
        "Ngày giờ không hợp lệ.",
        "The date and time are not valid.",
        "ວັນທີ ແລະ ເວລາບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_NUMBER",
        "Số không hợp lệ.",
        "The number is not valid.",
        "ຕົວເລກບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_VALUE",
        "Giá trị không hợp lệ.",
        "The value is not valid.",
        "ຄ່ານີ້ບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "UNKNOWN_PROCESS",
        "Không có quy trình xử lý này.",
        "There is no such process.",
        "ບໍ່ມີຂັ້ນຕອນການດຳເນີນງານນີ້.",
    ),
    (
        "INVALID_ID",
        "Mã định danh không hợp lệ.",
        "The id is not valid.",
        "ລະຫັດອ້າງອີງບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_CODE",
        "Mã chỉ gồm chữ, số, '.', '_' hoặc '-'.",
        "A code has only letters, digits, '.', '_' or '-'.",
        "ລະຫັດມີແຕ່ຕົວອັກສອນ, ຕົວເລກ, '.', '_' ຫຼື '-'.",
    ),
    (
        "INVALID_USERNAME",
        "Tên đăng nhập gồm 3–64 chữ thường, số, '.', '_' hoặc '-'.",
        "A username is 3–64 lowercase letters, digits, '.', '_' or '-'.",
        "ຊື່ຜູ້ໃຊ້ມີ 3–64 ຕົວພິມນ້ອຍ, ຕົວເລກ, '.', '_' ຫຼື '-'.",
    ),
    (
        "USERNAME_TAKEN",
        "Tên đăng nhập đã được sử dụng.",
        "The username is taken.",
        "ຊື່ຜູ້ໃຊ້ນີ້ຖືກໃຊ້ແລ້ວ.",
    ),
    (
        "DUPLICATE_CODE",
        "Mã này đã được sử dụng.",
        "This code is already used.",
        "ລະຫັດນີ້ຖືກໃຊ້ແລ້ວ.",
    ),
    (
        "DUPLICATE_ABBREVIATION",
        "Ký hiệu viết tắt này đã được sử dụng.",
        "This abbreviation is already used.",
        "ຕົວຫຍໍ້ນີ້ຖືກໃຊ້ແລ້ວ.",
    ),
    (
        "DUPLICATE_IDENTIFIER_CODE",
        "Mã định danh cơ quan đã được sử dụng.",
        "This agency identifier code is already used.",
        "ລະຫັດອົງການນີ້ຖືກໃຊ້ແລ້ວ.",
    ),
    (
        "INVALID_IDENTIFIER_CODE",
        "Mã định danh cơ quan có dạng 000.00.00.G09.",
        "An agency identifier code looks like 000.00.00.G09.",
        "ລະຫັດອົງການມີຮູບແບບ 000.00.00.G09.",
    ),
    (
        "CYCLE",
        "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
        "A unit cannot move under itself or one of its sub-units.",
        "ບໍ່ສາມາດຍ້າຍໜ່ວຍງານເຂົ້າໃນຕົວມັນເອງ ຫຼື ໜ່ວຍງານຍ່ອຍຂອງມັນ.",
    ),
    (
        "UNIT_HAS_PEOPLE",
        "Đơn vị còn cán bộ; hãy kết thúc hoặc chuyển công tác trước.",
        "The unit still has people; end or move their positions first.",
        "ໜ່ວຍງານຍັງມີພະນັກງານ; ກະລຸນາຍ້າຍອອກກ່ອນ.",
    ),
    (
        "UNIT_HAS_CHILDREN",
        "Đơn vị còn đơn vị trực thuộc.",
        "The unit still has sub-units.",
        "ໜ່ວຍງານຍັງມີໜ່ວຍງານຍ່ອຍ.",
    ),
    (
        "SELF_DELEGATION",
        "Không thể ủy quyền cho chính người giữ chức vụ.",
        "A position cannot be delegated to its own holder.",
        "ບໍ່ສາມາດມອບສິດໃຫ້ຜູ້ດຳລົງຕຳແໜ່ງເອງ.",
    ),
    (
        "END_BEFORE_START",
        "Thời gian kết thúc phải sau thời gian bắt đầu.",
        "The end must come after the start.",
        "ເວລາສິ້ນສຸດຕ້ອງຫຼັງເວລາເລີ່ມຕົ້ນ.",
    ),
    (
        "NOT_YOUR_POSITION",
        "Bạn không giữ chức vụ này.",
        "You do not hold this position.",
        "ທ່ານບໍ່ໄດ້ດຳລົງຕຳແໜ່ງນີ້.",
    ),
    (
        "NOT_AN_ADMINISTRATOR",
        "Chỉ quản trị hệ thống được thực hiện thao tác này.",
        "Only administrators may do this.",
        "ສະເພາະຜູ້ບໍລິຫານລະບົບເທົ່ານັ້ນ.",
    ),
    (
        "NO_POSITION",
        "Bạn chưa được giao chức vụ nào.",
        "You hold no position.",
        "ທ່ານຍັງບໍ່ມີຕຳແໜ່ງ.",
    ),
    (
        "POSITION_HELD",
        "Cán bộ đã giữ chức vụ này tại đơn vị.",
        "The person already holds this role in this unit.",
        "ບຸກຄົນນີ້ດຳລົງບົດບາດນີ້ໃນໜ່ວຍງານແລ້ວ.",
    ),
    (
        "CONTENDED",
        "Dữ liệu vừa được người khác thay đổi. Vui lòng thử lại.",
        "Someone changed the same data at the same moment. Try again.",
        "ມີຄົນປ່ຽນຂໍ້ມູນດຽວກັນ. ກະລຸນາລອງໃໝ່.",
    ),
    (
        "DUPLICATE_ID",
        "Mã định danh đã tồn tại.",
        "This id already exists.",
        "ລະຫັດອ້າງອີງນີ້ມີແລ້ວ.",
    ),
    (
        "INVALID_ABBREVIATION",
        "Ký hiệu viết tắt không được chứa khoảng trắng, '/' hoặc '-'.",
        "An abbreviation has no spaces, '/' or '-'.",
        "ຕົວຫຍໍ້ຕ້ອງບໍ່ມີຍະຫວ່າງ, '/' ຫຼື '-'.",
    ),
    (
        "INVALID_EMAIL",
        "Địa chỉ thư điện tử không hợp lệ.",
        "The e-mail address is not valid.",
        "ທີ່ຢູ່ອີເມວບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_PHONE",
        "Số điện thoại không hợp lệ.",
        "The phone number is not valid.",
        "ເບີໂທລະສັບບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "INVALID_PARENT",
        "Đơn vị cấp trên không phù hợp.",
        "This parent does not fit this kind of unit.",
        "ໜ່ວຍງານຂັ້ນເທິງບໍ່ເໝາະສົມ.",
    ),
    (
        "PARENT_REQUIRED",
        "Chỉ cơ quan mới đứng đầu cây tổ chức; hãy chọn đơn vị cấp trên.",
        "Only an agency can be at the top; choose a parent.",
        "ສະເພາະອົງການເທົ່ານັ້ນຢູ່ຂັ້ນເທິງສຸດ; ກະລຸນາເລືອກໜ່ວຍງານຂັ້ນເທິງ.",
    ),
    (
        "COUNTRY_FOR_AGENCIES",
        "Chỉ cơ quan mới chọn quốc gia (lịch làm việc); các đơn vị trực thuộc theo cơ quan.",
        "Only an agency names a country (its working calendar); its units follow it.",
        "ສະເພາະອົງການເທົ່ານັ້ນເລືອກປະເທດ (ປະຕິທິນເຮັດວຽກ); ໜ່ວຍງານຂຶ້ນກັບປະຕິບັດຕາມອົງການ.",
    ),
    (
        "NOT_AN_AGENCY",
        "Chỉ cơ quan mới có mã định danh.",
        "Only an agency has an identifier code.",
        "ສະເພາະອົງການເທົ່ານັ້ນມີລະຫັດອົງການ.",
    ),
    (
        "LEADER_REQUIRED",
        "Thư ký phải gắn với chức vụ lãnh đạo được phục vụ.",
        "A secretary must name the leader's position served.",
        "ເລຂານຸການຕ້ອງລະບຸຕຳແໜ່ງຜູ້ນຳທີ່ຮັບໃຊ້.",
    ),
    (
        "NOT_A_LEADER",
        "Thư ký chỉ phục vụ chức vụ lãnh đạo có thẩm quyền ký.",
        "A secretary serves a leader's position (one that signs).",
        "ເລຂານຸການຮັບໃຊ້ຕຳແໜ່ງຜູ້ນຳທີ່ມີສິດລົງນາມເທົ່ານັ້ນ.",
    ),
    (
        "NOT_A_SECRETARY",
        "Chỉ vai trò thư ký mới gắn với lãnh đạo.",
        "Only a secretary's role names a leader.",
        "ສະເພາະບົດບາດເລຂານຸການເທົ່ານັ້ນທີ່ລະບຸຜູ້ນຳ.",
    ),
    (
        "SELF_SERVICE",
        "Không thể làm thư ký cho chính mình.",
        "A person cannot be their own secretary.",
        "ບໍ່ສາມາດເປັນເລຂານຸການຂອງຕົນເອງ.",
    ),
    (
        "NOT_CLEARED",
        "Bạn không được phép tiếp cận văn bản mật này.",
        "You are not cleared for this confidential document.",
        "ທ່ານບໍ່ມີສິດເຂົ້າເຖິງເອກະສານລັບນີ້.",
    ),
    (
        "NOT_ROUTED",
        "Văn bản chưa được chuyển đến bạn.",
        "This document was not routed to you.",
        "ເອກະສານນີ້ບໍ່ໄດ້ສົ່ງມາຫາທ່ານ.",
    ),
    (
        "NOT_THE_REGISTER_KEEPER",
        "Chỉ văn thư của đơn vị mới quản lý sổ này.",
        "Only the unit's clerk keeps this register.",
        "ສະເພາະພະນັກງານເອກະສານຂອງໜ່ວຍງານເທົ່ານັ້ນ.",
    ),
    (
        "NOT_YOUR_LOG",
        "Bạn chỉ xem được nhật ký sử dụng của mình.",
        "You may only see your own usage log.",
        "ທ່ານເບິ່ງໄດ້ສະເພາະບັນທຶກການນຳໃຊ້ຂອງຕົນເອງ.",
    ),
    (
        "OUT_OF_RANGE",
        "Giá trị nằm ngoài phạm vi cho phép.",
        "The value is out of range.",
        "ຄ່ານີ້ຢູ່ນອກຂອບເຂດ.",
    ),
    (
        "REGISTER_IMMUTABLE",
        "Không thể đổi loại hoặc đơn vị sở hữu của sổ; hãy mở sổ mới.",
        "A register's kind and owner never change; open a new register.",
        "ບໍ່ສາມາດປ່ຽນປະເພດ ຫຼື ເຈົ້າຂອງປຶ້ມ; ກະລຸນາເປີດປຶ້ມໃໝ່.",
    ),
    (
        "WRONG_YEAR",
        "Mọi ngày phải thuộc năm của lịch.",
        "Every date must fall in the calendar's year.",
        "ທຸກວັນທີຕ້ອງຢູ່ໃນປີຂອງປະຕິທິນ.",
    ),
    (
        "NO_PENDING_ENROLMENT",
        "Hãy bắt đầu đăng ký xác thực hai lớp trước.",
        "Start the enrolment first.",
        "ກະລຸນາເລີ່ມການລົງທະບຽນກ່ອນ.",
    ),
    (
        "INVALID_CURSOR",
        "Vị trí phân trang không hợp lệ.",
        "The page cursor is not valid.",
        "ຕຳແໜ່ງໜ້າບໍ່ຖືກຕ້ອງ.",
    ),
    (
        "TOO_MANY",
        "Quá nhiều mục.",
        "Too many items.",
        "ມີລາຍການຫຼາຍເກີນໄປ.",
    ),
    (
        "CONTROL_CHARACTERS_IN_PASSWORD",
        "Mật khẩu chứa ký tự điều khiển.",
        "The password contains control characters.",
        "ລະຫັດຜ່ານມີຕົວອັກສອນຄວບຄຸມ.",
    ),
];

/// The message for `key` (a reason or a code) in `lang`.
pub fn localize(key: &str, lang: Lang) -> Option<&'static str> {
    MESSAGES.iter().find(|m| m.0 == key).map(|m| match lang {
        Lang::Vi => m.1,
        Lang::En => m.2,
        Lang::Lo => m.3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_language_is_filled() {
        let mut keys: Vec<&str> = MESSAGES.iter().map(|m| m.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), MESSAGES.len());
        assert!(
            MESSAGES
                .iter()
                .all(|m| !m.1.is_empty() && !m.2.is_empty() && !m.3.is_empty())
        );
        assert_eq!(
            localize("CYCLE", Lang::En),
            Some("A unit cannot move under itself or one of its sub-units.")
        );
    }
}
