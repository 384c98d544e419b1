//! The texts of each [`Reason`]: Vietnamese (the default; the register of an e-office of
//! the state), English and Lao. Each says what happened and, where it helps, what to do.

use super::Reason;

/// `[vi, en, lo]` for `reason`. The `match` is exhaustive: a reason without its three texts
/// does not compile.
pub(super) fn texts(reason: Reason) -> [&'static str; 3] {
    match reason {
        Reason::ConfirmationRequired => [
            "Hãy xác nhận bằng mã PIN ký số hoặc mã xác thực (TOTP) của bạn.",
            "Confirm with your signing PIN or your authenticator (TOTP) code.",
            "ກະລຸນາຢືນຢັນດ້ວຍລະຫັດ PIN ລົງລາຍເຊັນ ຫຼື ລະຫັດຢືນຢັນ (TOTP) ຂອງທ່ານ.",
        ],
        Reason::NoSigningPin => [
            "Bạn chưa đặt mã PIN ký số: hãy đặt tại trang Tài khoản.",
            "You have no signing PIN yet: set one on your account page.",
            "ທ່ານຍັງບໍ່ໄດ້ຕັ້ງລະຫັດ PIN ລົງລາຍເຊັນ: ກະລຸນາຕັ້ງຢູ່ໜ້າບັນຊີ.",
        ],
        Reason::NoTotp => [
            "Bạn chưa đăng ký ứng dụng xác thực: hãy xác nhận bằng mã PIN ký số.",
            "No authenticator is enrolled: confirm with your signing PIN.",
            "ທ່ານຍັງບໍ່ໄດ້ລົງທະບຽນແອັບຢືນຢັນ: ກະລຸນາຢືນຢັນດ້ວຍລະຫັດ PIN ລົງລາຍເຊັນ.",
        ],
        Reason::NothingToSign => [
            "Văn bản này không chờ bạn ký.",
            "This document is not waiting for your signature.",
            "ເອກະສານນີ້ບໍ່ໄດ້ລໍຖ້າລາຍເຊັນຂອງທ່ານ.",
        ],
        Reason::OneConfirmation => [
            "Chỉ nhập mã PIN ký số hoặc mã xác thực, không nhập cả hai.",
            "Give the signing PIN or an authenticator code, not both.",
            "ປ້ອນລະຫັດ PIN ລົງລາຍເຊັນ ຫຼື ລະຫັດຢືນຢັນ, ບໍ່ແມ່ນທັງສອງ.",
        ],
        Reason::SameAsPassword => [
            "Mã PIN ký số phải khác mật khẩu.",
            "The signing PIN must differ from the password.",
            "ລະຫັດ PIN ລົງລາຍເຊັນຕ້ອງຕ່າງຈາກລະຫັດຜ່ານ.",
        ],
        Reason::SigningLocked => [
            "Bạn đã xác nhận sai nhiều lần nên việc ký tạm bị khóa. Vui lòng thử lại sau.",
            "Signing is locked after too many wrong confirmations. Try again later.",
            "ການລົງລາຍເຊັນຖືກລັອກຊົ່ວຄາວ ຍ້ອນຢືນຢັນຜິດຫຼາຍຄັ້ງ. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::WrongConfirmation => [
            "Mã PIN ký số hoặc mã xác thực không đúng (mã xác thực chỉ dùng được một lần).",
            "The signing PIN or the authenticator code is wrong (a code can be used only once).",
            "ລະຫັດ PIN ລົງລາຍເຊັນ ຫຼື ລະຫັດຢືນຢັນບໍ່ຖືກຕ້ອງ (ລະຫັດຢືນຢັນໃຊ້ໄດ້ຄັ້ງດຽວ).",
        ],
        Reason::ActivationInThePast => [
            "Chỉ áp dụng quy trình từ hôm nay hoặc một ngày sau đó.",
            "A process is put in force from today or a later day.",
            "ຂັ້ນຕອນນຳໃຊ້ໄດ້ຕັ້ງແຕ່ມື້ນີ້ ຫຼື ມື້ຕໍ່ໄປເທົ່ານັ້ນ.",
        ],
        Reason::InvalidProcess => [
            "Quy trình không hợp lệ: xem danh sách lỗi bên dưới, sửa rồi kiểm tra lại.",
            "The process is not valid: see the problems listed, correct them and check again.",
            "ຂັ້ນຕອນບໍ່ຖືກຕ້ອງ: ເບິ່ງລາຍການບັນຫາ, ແກ້ໄຂ ແລ້ວກວດຄືນ.",
        ],
        Reason::ProcessBadEffect => [
            "Thao tác có tác động không hợp lệ.",
            "An action has an effect that does not fit.",
            "ການດຳເນີນການມີຜົນກະທົບທີ່ບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::ProcessNoWayOut => [
            "Từ bước này không thể đi đến bước kết thúc nào.",
            "No end can be reached from this step.",
            "ຈາກຂັ້ນຕອນນີ້ ບໍ່ສາມາດໄປຮອດຂັ້ນຕອນສຸດທ້າຍໄດ້.",
        ],
        Reason::ProcessNobodyActs => [
            "Bước này chưa kết thúc mà không có vai trò nào xử lý.",
            "This step is not an end, yet no role acts at it.",
            "ຂັ້ນຕອນນີ້ບໍ່ແມ່ນຂັ້ນສຸດທ້າຍ ແຕ່ບໍ່ມີບົດບາດໃດດຳເນີນການ.",
        ],
        Reason::ProcessNotInForce => [
            "Quy trình này chưa được áp dụng tại đơn vị vào ngày này.",
            "This process is not in force at this unit on this day.",
            "ຂັ້ນຕອນນີ້ຍັງບໍ່ໄດ້ນຳໃຊ້ຢູ່ໜ່ວຍງານນີ້ໃນມື້ນີ້.",
        ],
        Reason::ProcessSubjectChanged => [
            "Phiên bản mới phải áp dụng cho cùng loại văn bản với quy trình.",
            "A new version runs on the same kind of document as the process.",
            "ສະບັບໃໝ່ຕ້ອງໃຊ້ກັບເອກະສານປະເພດດຽວກັນກັບຂັ້ນຕອນ.",
        ],
        Reason::ProcessSyntax => [
            "Nội dung không đúng định dạng JSON của quy trình.",
            "The text is not a process definition in JSON.",
            "ເນື້ອຫາບໍ່ແມ່ນຮູບແບບ JSON ຂອງຂັ້ນຕອນ.",
        ],
        Reason::ProcessUnknownRole => [
            "Bước xử lý nêu một vai trò không có trong tổ chức.",
            "A step names a role the organisation does not have.",
            "ຂັ້ນຕອນລະບຸບົດບາດທີ່ບໍ່ມີໃນອົງການ.",
        ],
        Reason::ProcessUnknownStart => [
            "Bước bắt đầu không có trong quy trình.",
            "The start step is not a step of the process.",
            "ຂັ້ນຕອນເລີ່ມຕົ້ນບໍ່ມີໃນຂະບວນການ.",
        ],
        Reason::ProcessUnknownTarget => [
            "Thao tác dẫn đến một bước không có trong quy trình.",
            "An action leads to a step the process does not have.",
            "ການດຳເນີນການນຳໄປສູ່ຂັ້ນຕອນທີ່ບໍ່ມີໃນຂະບວນການ.",
        ],
        Reason::ProcessUnreachable => [
            "Không thể đi đến bước này từ bước bắt đầu.",
            "This step cannot be reached from the start.",
            "ບໍ່ສາມາດໄປຮອດຂັ້ນຕອນນີ້ຈາກຂັ້ນເລີ່ມຕົ້ນ.",
        ],
        Reason::ProcessVersionTaken => [
            "Số phiên bản phải là phiên bản kế tiếp của quy trình.",
            "The version must be the process's next version.",
            "ເລກສະບັບຕ້ອງແມ່ນສະບັບຕໍ່ໄປຂອງຂັ້ນຕອນ.",
        ],
        Reason::AccountLocked => [
            "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.",
            "The account is locked after too many failed logins. Try again later.",
            "ບັນຊີຖືກລັອກຊົ່ວຄາວ ຍ້ອນເຂົ້າລະບົບຜິດຫຼາຍຄັ້ງ. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::ActionNotAllowed => [
            "Bước xử lý hiện tại không có thao tác này.",
            "This step of the process has no such action.",
            "ຂັ້ນຕອນປັດຈຸບັນບໍ່ມີການດຳເນີນການນີ້.",
        ],
        Reason::ActivePdfContent => [
            "Tệp PDF chứa nội dung thực thi (JavaScript, lệnh mở chương trình, tệp nhúng nguy hiểm) nên không được chấp nhận.",
            "The PDF has active content (JavaScript, a launch action, a dangerous embedded file) and is not accepted.",
            "ໄຟລ໌ PDF ມີເນື້ອຫາທີ່ປະຕິບັດການໄດ້ (JavaScript, ຄຳສັ່ງເປີດໂປຣແກຣມ, ໄຟລ໌ຝັງທີ່ອັນຕະລາຍ) ຈຶ່ງບໍ່ຖືກຮັບ.",
        ],
        Reason::AlreadyAnswered => [
            "Bạn đã cho ý kiến về đề nghị này.",
            "You have already given your opinion on this request.",
            "ທ່ານໄດ້ໃຫ້ຄຳເຫັນຕໍ່ຄຳຮ້ອງນີ້ແລ້ວ.",
        ],
        Reason::AlreadyNumbered => [
            "Văn bản đã được cấp số.",
            "The document is already numbered.",
            "ເອກະສານໄດ້ອອກເລກທີແລ້ວ.",
        ],
        Reason::AlreadyRegistered => [
            "Văn bản đã được vào sổ.",
            "The document is already registered.",
            "ເອກະສານໄດ້ລົງທະບຽນແລ້ວ.",
        ],
        Reason::AlreadyRevoked => [
            "Khóa ký số đã bị thu hồi trước đó.",
            "The key is already revoked.",
            "ກະແຈນີ້ຖືກຖອນຄືນແລ້ວ.",
        ],
        Reason::AlreadySigned => [
            "Bạn đã ký phiên bản này.",
            "You have already signed this version.",
            "ທ່ານໄດ້ລົງລາຍເຊັນສະບັບນີ້ແລ້ວ.",
        ],
        Reason::BadBase64 => [
            "Tệp tải lên bị hỏng.",
            "The uploaded file is damaged.",
            "ໄຟລ໌ທີ່ອັບໂຫຼດເສຍຫາຍ.",
        ],
        Reason::BadBox => [
            "Ô chữ ký nằm ngoài trang hoặc quá nhỏ.",
            "The signature box is outside the page or too small.",
            "ກອບລາຍເຊັນຢູ່ນອກໜ້າ ຫຼື ນ້ອຍເກີນໄປ.",
        ],
        Reason::BadCertificate => [
            "Không đọc được chứng thư (PEM).",
            "The certificate (PEM) cannot be read.",
            "ບໍ່ສາມາດອ່ານໃບຢັ້ງຢືນ (PEM).",
        ],
        Reason::BadHash => [
            "Mã băm của tệp không hợp lệ.",
            "Not a file's SHA-256 hash.",
            "ລະຫັດ hash ຂອງໄຟລ໌ບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::BadImage => [
            "Không đọc được ảnh chữ ký, con dấu (phải là tệp PNG hợp lệ).",
            "The signature or seal image cannot be read (it must be a valid PNG).",
            "ບໍ່ສາມາດອ່ານຮູບລາຍເຊັນ ຫຼື ກາປະທັບ (ຕ້ອງເປັນໄຟລ໌ PNG ທີ່ຖືກຕ້ອງ).",
        ],
        Reason::BadMasterKey => [
            "Khóa chính bảo vệ các khóa ký số trên máy chủ không đúng định dạng; đề nghị quản trị hệ thống kiểm tra cấu hình.",
            "The server's master key for signing keys is malformed; ask an administrator to check the configuration.",
            "ກະແຈຫຼັກທີ່ປົກປ້ອງກະແຈລົງລາຍເຊັນໃນເຊີບເວີບໍ່ຖືກຮູບແບບ; ກະລຸນາໃຫ້ຜູ້ບໍລິຫານລະບົບກວດການຕັ້ງຄ່າ.",
        ],
        Reason::BadPdf => [
            "Không ký được tệp PDF này (tệp hỏng hoặc không đúng định dạng).",
            "This PDF cannot be signed (damaged or not a valid PDF).",
            "ບໍ່ສາມາດລົງລາຍເຊັນໄຟລ໌ PDF ນີ້ໄດ້ (ໄຟລ໌ເສຍ ຫຼື ບໍ່ຖືກຮູບແບບ).",
        ],
        Reason::BadPkcs12 => [
            "Không mở được tệp PKCS#12 với mật khẩu này.",
            "The file does not open as PKCS#12 with this password.",
            "ບໍ່ສາມາດເປີດໄຟລ໌ PKCS#12 ດ້ວຍລະຫັດຜ່ານນີ້.",
        ],
        Reason::BrokenDefinition => [
            "Quy trình xử lý bị cấu hình sai (không có bước bắt đầu); đề nghị quản trị hệ thống kiểm tra.",
            "The process is misconfigured (it has no start step); ask an administrator.",
            "ຂະບວນການຖືກຕັ້ງຄ່າຜິດ (ບໍ່ມີຂັ້ນຕອນເລີ່ມຕົ້ນ); ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::Busy => [
            "Máy chủ đang bận kiểm tra mật khẩu. Vui lòng thử lại sau giây lát.",
            "The server is busy checking passwords. Try again in a moment.",
            "ເຊີບເວີກຳລັງກວດລະຫັດຜ່ານຫຼາຍ. ກະລຸນາລອງໃໝ່ໃນອີກບໍ່ດົນ.",
        ],
        Reason::CertificateExpired => [
            "Chứng thư số đã hết hạn.",
            "The signing certificate has expired.",
            "ໃບຢັ້ງຢືນດິຈິຕອນໝົດອາຍຸແລ້ວ.",
        ],
        Reason::CertificateNotYetValid => [
            "Chứng thư số chưa đến thời hạn có hiệu lực.",
            "The signing certificate is not valid yet.",
            "ໃບຢັ້ງຢືນດິຈິຕອນຍັງບໍ່ທັນມີຜົນ.",
        ],
        Reason::CertificateUntrusted => [
            "Chứng thư số không do tổ chức chứng thực tin cậy cấp.",
            "The signing certificate does not chain to a trusted root.",
            "ໃບຢັ້ງຢືນດິຈິຕອນບໍ່ໄດ້ອອກໂດຍອົງການທີ່ເຊື່ອຖືໄດ້.",
        ],
        Reason::Common => [
            "Mật khẩu quá phổ biến.",
            "The password is too common.",
            "ລະຫັດຜ່ານນີ້ໃຊ້ທົ່ວໄປເກີນໄປ.",
        ],
        Reason::Conflict => [
            "Đã có người thay đổi trước; tải lại để kiểm tra.",
            "Someone changed this first; reload and check.",
            "ມີຜູ້ອື່ນປ່ຽນແປງກ່ອນແລ້ວ; ໂຫຼດຄືນເພື່ອກວດເບິ່ງ.",
        ],
        Reason::ContainsUsername => [
            "Mật khẩu không được chứa tên đăng nhập.",
            "The password must not contain the username.",
            "ລະຫັດຜ່ານຕ້ອງບໍ່ມີຊື່ຜູ້ໃຊ້.",
        ],
        Reason::Contended => [
            "Dữ liệu vừa được người khác thay đổi. Vui lòng thử lại.",
            "Someone changed the same data at the same moment. Try again.",
            "ມີຄົນປ່ຽນຂໍ້ມູນດຽວກັນ. ກະລຸນາລອງໃໝ່.",
        ],
        Reason::ControlCharacters => [
            "Nội dung chứa ký tự điều khiển không hợp lệ.",
            "The text contains control characters.",
            "ຂໍ້ຄວາມມີຕົວອັກສອນຄວບຄຸມທີ່ບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::ControlCharactersInPassword => [
            "Mật khẩu chứa ký tự điều khiển.",
            "The password contains control characters.",
            "ລະຫັດຜ່ານມີຕົວອັກສອນຄວບຄຸມ.",
        ],
        Reason::Corrupt => [
            "Tệp lưu trữ đã bị thay đổi hoặc hư hỏng; đề nghị quản trị hệ thống kiểm tra.",
            "The stored file was altered or damaged; ask an administrator.",
            "ໄຟລ໌ທີ່ເກັບໄວ້ຖືກປ່ຽນແປງ ຫຼື ເສຍຫາຍ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::CountryForAgencies => [
            "Chỉ cơ quan mới chọn quốc gia (lịch làm việc); các đơn vị trực thuộc theo cơ quan.",
            "Only an agency names a country (its working calendar); its units follow it.",
            "ສະເພາະອົງການເທົ່ານັ້ນເລືອກປະເທດ (ປະຕິທິນເຮັດວຽກ); ໜ່ວຍງານຂຶ້ນກັບປະຕິບັດຕາມອົງການ.",
        ],
        Reason::CrossOrigin => [
            "Yêu cầu gửi từ trang của trang web khác bị từ chối.",
            "Requests from another site's pages are refused.",
            "ຄຳຮ້ອງຈາກໜ້າຂອງເວັບໄຊອື່ນຖືກປະຕິເສດ.",
        ],
        Reason::Cycle => [
            "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
            "A unit cannot move under itself or one of its sub-units.",
            "ບໍ່ສາມາດຍ້າຍໜ່ວຍງານເຂົ້າໃນຕົວມັນເອງ ຫຼື ໜ່ວຍງານຍ່ອຍຂອງມັນ.",
        ],
        Reason::DefinitionMismatch => [
            "Văn bản đang được xử lý theo phiên bản khác của quy trình; vui lòng tải lại văn bản.",
            "The document follows another version of its process; reload the document.",
            "ເອກະສານດຳເນີນຕາມສະບັບອື່ນຂອງຂະບວນການ; ກະລຸນາໂຫຼດເອກະສານໃໝ່.",
        ],
        Reason::DuplicateAbbreviation => [
            "Ký hiệu viết tắt này đã được sử dụng.",
            "This abbreviation is already used.",
            "ຕົວຫຍໍ້ນີ້ຖືກໃຊ້ແລ້ວ.",
        ],
        Reason::DuplicateCode => [
            "Mã này đã được sử dụng.",
            "This code is already used.",
            "ລະຫັດນີ້ຖືກໃຊ້ແລ້ວ.",
        ],
        Reason::DuplicateId => [
            "Mã định danh đã tồn tại.",
            "This id already exists.",
            "ລະຫັດອ້າງອີງນີ້ມີແລ້ວ.",
        ],
        Reason::DuplicateIdentifierCode => [
            "Mã định danh cơ quan đã được sử dụng.",
            "This agency identifier code is already used.",
            "ລະຫັດອົງການນີ້ຖືກໃຊ້ແລ້ວ.",
        ],
        Reason::DuplicateRecipient => [
            "Một người được chọn hai lần trong danh sách nhận.",
            "A person is chosen twice among the recipients.",
            "ມີຄົນຖືກເລືອກສອງເທື່ອໃນລາຍຊື່ຜູ້ຮັບ.",
        ],
        Reason::EmptyFile => ["Tệp rỗng.", "The file is empty.", "ໄຟລ໌ຫວ່າງເປົ່າ."],
        Reason::EncryptedPdf => [
            "Không ký được tệp PDF đã mã hóa.",
            "An encrypted PDF cannot be signed.",
            "ບໍ່ສາມາດລົງລາຍເຊັນ PDF ທີ່ເຂົ້າລະຫັດໄດ້.",
        ],
        Reason::EndBeforeStart => [
            "Thời gian kết thúc phải sau thời gian bắt đầu.",
            "The end must come after the start.",
            "ເວລາສິ້ນສຸດຕ້ອງຫຼັງເວລາເລີ່ມຕົ້ນ.",
        ],
        Reason::FileChanged => [
            "Tệp đã thay đổi sau khi ký; hãy ký phiên bản hiện tại.",
            "The file changed since it was signed; sign the current version.",
            "ໄຟລ໌ປ່ຽນແປງຫຼັງຈາກລົງລາຍເຊັນ; ກະລຸນາລົງລາຍເຊັນສະບັບປັດຈຸບັນ.",
        ],
        Reason::FileNotUploaded => [
            "Tệp chưa được tải lên.",
            "Upload the file first.",
            "ກະລຸນາອັບໂຫຼດໄຟລ໌ກ່ອນ.",
        ],
        Reason::FileNotYours => [
            "Chỉ được đính kèm tệp do chính mình tải lên hoặc tệp của văn bản mình được xem.",
            "Attach only files you uploaded yourself, or files of a document you may read.",
            "ແນບໄດ້ສະເພາະໄຟລ໌ທີ່ຕົນເອງອັບໂຫຼດ ຫຼື ໄຟລ໌ຂອງເອກະສານທີ່ຕົນມີສິດເບິ່ງເທົ່ານັ້ນ.",
        ],
        Reason::Finished => [
            "Văn bản đã kết thúc xử lý.",
            "The document's processing has ended.",
            "ການດຳເນີນເອກະສານໄດ້ສິ້ນສຸດແລ້ວ.",
        ],
        Reason::Forbidden => [
            "Bạn không có quyền thực hiện thao tác này.",
            "You are not allowed to do this.",
            "ທ່ານບໍ່ມີສິດເຮັດສິ່ງນີ້.",
        ],
        Reason::ForbiddenType => [
            "Loại tệp này không được chấp nhận.",
            "Files of this type are not accepted.",
            "ບໍ່ຮັບໄຟລ໌ປະເພດນີ້.",
        ],
        Reason::IncompleteUpload => [
            "Quá trình tải tệp lên bị gián đoạn; đề nghị tải lại.",
            "The upload was interrupted; upload the file again.",
            "ການອັບໂຫຼດຖືກຂັດຈັງຫວະ; ກະລຸນາອັບໂຫຼດໄຟລ໌ຄືນໃໝ່.",
        ],
        Reason::Internal => [
            "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.",
            "Something went wrong. Please try again later.",
            "ເກີດຂໍ້ຜິດພາດຂອງລະບົບ. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::IntrospectionRequiresLogin => [
            "Chỉ người đã đăng nhập mới xem được mô tả lược đồ GraphQL.",
            "The GraphQL schema is described to logged-in users only.",
            "ສະເພາະຜູ້ທີ່ເຂົ້າລະບົບແລ້ວຈຶ່ງເບິ່ງຄຳອະທິບາຍ schema GraphQL ໄດ້.",
        ],
        Reason::InvalidAbbreviation => [
            "Ký hiệu viết tắt không được chứa khoảng trắng, '/' hoặc '-'.",
            "An abbreviation has no spaces, '/' or '-'.",
            "ຕົວຫຍໍ້ຕ້ອງບໍ່ມີຍະຫວ່າງ, '/' ຫຼື '-'.",
        ],
        Reason::InvalidCharacters => [
            "Nội dung chứa ký tự ẩn hoặc ký tự đổi chiều văn bản, không được phép dùng.",
            "The text contains invisible or text-direction characters, which are not allowed.",
            "ຂໍ້ຄວາມມີຕົວອັກສອນທີ່ເບິ່ງບໍ່ເຫັນ ຫຼື ຕົວອັກສອນປ່ຽນທິດທາງຂໍ້ຄວາມ ເຊິ່ງບໍ່ອະນຸຍາດ.",
        ],
        Reason::InvalidCode => [
            "Mã chỉ gồm chữ, số, '.', '_' hoặc '-'.",
            "A code has only letters, digits, '.', '_' or '-'.",
            "ລະຫັດມີແຕ່ຕົວອັກສອນ, ຕົວເລກ, '.', '_' ຫຼື '-'.",
        ],
        Reason::InvalidCredentials => [
            "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.",
            "Wrong username, password or authenticator code.",
            "ຊື່ຜູ້ໃຊ້, ລະຫັດຜ່ານ ຫຼື ລະຫັດຢືນຢັນບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidCursor => [
            "Vị trí phân trang không hợp lệ.",
            "The page cursor is not valid.",
            "ຕຳແໜ່ງໜ້າບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidDate => [
            "Ngày không hợp lệ; hãy nhập theo dạng năm-tháng-ngày, ví dụ 2026-02-28.",
            "The date is not valid; write it as year-month-day, e.g. 2026-02-28.",
            "ວັນທີບໍ່ຖືກຕ້ອງ; ກະລຸນາຂຽນເປັນ ປີ-ເດືອນ-ວັນ, ເຊັ່ນ 2026-02-28.",
        ],
        Reason::InvalidEmail => [
            "Địa chỉ thư điện tử không hợp lệ.",
            "The e-mail address is not valid.",
            "ທີ່ຢູ່ອີເມວບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidId => [
            "Mã định danh không hợp lệ.",
            "The id is not valid.",
            "ລະຫັດອ້າງອີງບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidIdentifierCode => [
            "Mã định danh cơ quan có dạng 000.00.00.G09.",
            "An agency identifier code looks like 000.00.00.G09.",
            "ລະຫັດອົງການມີຮູບແບບ 000.00.00.G09.",
        ],
        Reason::InvalidNumber => [
            "Số không hợp lệ.",
            "The number is not valid.",
            "ຕົວເລກບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidParent => [
            "Đơn vị cấp trên không phù hợp.",
            "This parent does not fit this kind of unit.",
            "ໜ່ວຍງານຂັ້ນເທິງບໍ່ເໝາະສົມ.",
        ],
        Reason::InvalidPhone => [
            "Số điện thoại không hợp lệ.",
            "The phone number is not valid.",
            "ເບີໂທລະສັບບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidRange => [
            "Ngày bắt đầu sau ngày kết thúc.",
            "The start date is after the end date.",
            "ວັນທີເລີ່ມຕົ້ນຢູ່ຫຼັງວັນທີສິ້ນສຸດ.",
        ],
        Reason::InvalidTimestamp => [
            "Ngày giờ không hợp lệ.",
            "The date and time are not valid.",
            "ວັນທີ ແລະ ເວລາບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InvalidUsername => [
            "Tên đăng nhập gồm 3–64 chữ thường, số, '.', '_' hoặc '-'.",
            "A username is 3–64 lowercase letters, digits, '.', '_' or '-'.",
            "ຊື່ຜູ້ໃຊ້ມີ 3–64 ຕົວພິມນ້ອຍ, ຕົວເລກ, '.', '_' ຫຼື '-'.",
        ],
        Reason::InvalidValue => [
            "Giá trị không hợp lệ.",
            "The value is not valid.",
            "ຄ່ານີ້ບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::InTheFuture => [
            "Ngày không được sau ngày hôm nay.",
            "The date cannot be after today.",
            "ວັນທີບໍ່ສາມາດຢູ່ຫຼັງມື້ນີ້.",
        ],
        Reason::InThePast => [
            "Hạn xử lý đã qua.",
            "The deadline is already past.",
            "ກຳນົດເວລາໄດ້ຜ່ານໄປແລ້ວ.",
        ],
        Reason::KeyAlreadyRegistered => [
            "Chứng thư này đã được đăng ký cho chủ sở hữu này.",
            "This certificate is already registered for this owner.",
            "ໃບຢັ້ງຢືນນີ້ໄດ້ລົງທະບຽນໃຫ້ເຈົ້າຂອງນີ້ແລ້ວ.",
        ],
        Reason::KeyRevoked => [
            "Khóa ký số này đã bị thu hồi.",
            "This signing key was revoked.",
            "ກະແຈລົງລາຍເຊັນນີ້ຖືກຖອນຄືນແລ້ວ.",
        ],
        Reason::KeyUnreadable => [
            "Không mở được khóa ký số; đề nghị quản trị hệ thống kiểm tra.",
            "The signing key cannot be opened; ask an administrator.",
            "ບໍ່ສາມາດເປີດກະແຈລົງລາຍເຊັນ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::LeaderRequired => [
            "Thư ký phải gắn với chức vụ lãnh đạo được phục vụ.",
            "A secretary must name the leader's position served.",
            "ເລຂານຸການຕ້ອງລະບຸຕຳແໜ່ງຜູ້ນຳທີ່ຮັບໃຊ້.",
        ],
        Reason::Ledger => [
            "Không ghi được sổ theo dõi tệp tải lên; vui lòng thử lại sau.",
            "The record of uploads could not be written; try again later.",
            "ບໍ່ສາມາດບັນທຶກລາຍການໄຟລ໌ທີ່ອັບໂຫຼດ; ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::MainFileNotPdf => [
            "Tệp chính của dự thảo phải là PDF (để ký số).",
            "The main file of a draft must be a PDF (it is signed digitally).",
            "ໄຟລ໌ຫຼັກຂອງຮ່າງຕ້ອງເປັນ PDF (ເພື່ອລົງລາຍເຊັນດິຈິຕອນ).",
        ],
        Reason::MainHandlerRequired => [
            "Chọn người xử lý chính.",
            "Choose the main handler.",
            "ເລືອກຜູ້ຮັບຜິດຊອບຫຼັກ.",
        ],
        Reason::MissingGlyph => [
            "Phông chữ của chữ ký số không hiển thị được một ký tự trong nội dung; đề nghị quản trị hệ thống kiểm tra.",
            "The signature's font cannot show a character of its text; ask an administrator.",
            "ຟອນຂອງລາຍເຊັນບໍ່ສາມາດສະແດງຕົວອັກສອນໜຶ່ງໃນຂໍ້ຄວາມ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::MutationOverGet => [
            "Yêu cầu GET chỉ dùng để truy vấn; thao tác thay đổi phải gửi bằng POST.",
            "GET answers queries only; send changes with POST.",
            "GET ໃຊ້ສະເພາະການສອບຖາມ; ການປ່ຽນແປງຕ້ອງສົ່ງດ້ວຍ POST.",
        ],
        Reason::NotAnAdministrator => [
            "Chỉ quản trị hệ thống được thực hiện thao tác này.",
            "Only administrators may do this.",
            "ສະເພາະຜູ້ບໍລິຫານລະບົບເທົ່ານັ້ນ.",
        ],
        Reason::NotAnAuditor => [
            "Chỉ người làm công tác kiểm tra, giám sát được xem nội dung này (quản trị hệ thống: phần nhật ký về quản trị).",
            "Only auditors may see this (administrators: the administration part of the audit log).",
            "ສະເພາະຜູ້ກວດສອບເທົ່ານັ້ນທີ່ເບິ່ງໄດ້ (ຜູ້ບໍລິຫານລະບົບ: ພາກສ່ວນການບໍລິຫານຂອງບັນທຶກ).",
        ],
        Reason::NotAnAgency => [
            "Chỉ cơ quan mới có mã định danh.",
            "Only an agency has an identifier code.",
            "ສະເພາະອົງການເທົ່ານັ້ນມີລະຫັດອົງການ.",
        ],
        Reason::NotAnIncomingProcess => [
            "Quy trình này không dành cho văn bản đến.",
            "This process is not for incoming documents.",
            "ຂະບວນການນີ້ບໍ່ແມ່ນສຳລັບເອກະສານເຂົ້າ.",
        ],
        Reason::NotAnIncomingRegister => [
            "Văn bản đến phải vào sổ văn bản đến.",
            "Incoming documents go into an incoming register.",
            "ເອກະສານເຂົ້າຕ້ອງລົງໃນປຶ້ມທະບຽນເອກະສານເຂົ້າ.",
        ],
        Reason::NotAnOutgoingProcess => [
            "Quy trình này không dành cho văn bản đi.",
            "This process is not for outgoing documents.",
            "ຂະບວນການນີ້ບໍ່ແມ່ນສຳລັບເອກະສານອອກ.",
        ],
        Reason::NotAnOutgoingRegister => [
            "Sổ được chọn không phải sổ văn bản đi.",
            "The chosen register is not an outgoing register.",
            "ປຶ້ມທີ່ເລືອກບໍ່ແມ່ນປຶ້ມເອກະສານອອກ.",
        ],
        Reason::NotAsked => [
            "Bạn không có tên trong danh sách được xin ý kiến.",
            "Your opinion was not asked for on this request.",
            "ທ່ານບໍ່ໄດ້ຖືກຂໍຄຳເຫັນໃນຄຳຮ້ອງນີ້.",
        ],
        Reason::NotAColleague => [
            "Bạn chỉ xem được thông tin liên hệ của cán bộ cùng cơ quan.",
            "You may only see the contact details of people in your own agency.",
            "ທ່ານເບິ່ງໄດ້ສະເພາະຂໍ້ມູນຕິດຕໍ່ຂອງພະນັກງານໃນອົງການດຽວກັນ.",
        ],
        Reason::NotACopy => [
            "Chỉ thu hồi được bản điện tử của văn bản đã ban hành.",
            "Only an electronic copy of an issued document can be withdrawn.",
            "ຖອນຄືນໄດ້ສະເພາະສະບັບເອເລັກໂຕຣນິກຂອງເອກະສານທີ່ອອກແລ້ວ.",
        ],
        Reason::NotACoHandler => [
            "Bạn không có phần việc phối hợp nào đang mở trong văn bản này.",
            "You have no open part in this document.",
            "ທ່ານບໍ່ມີສ່ວນວຽກປະສານງານທີ່ເປີດຢູ່ໃນເອກະສານນີ້.",
        ],
        Reason::NotAHandler => [
            "Văn bản đã được chuyển cho người khác ở bước này.",
            "The document was sent to other people at this step.",
            "ເອກະສານໄດ້ຖືກສົ່ງໃຫ້ຄົນອື່ນໃນຂັ້ນຕອນນີ້.",
        ],
        Reason::NotALeader => [
            "Thư ký chỉ phục vụ chức vụ lãnh đạo có thẩm quyền ký.",
            "A secretary serves a leader's position (one that signs).",
            "ເລຂານຸການຮັບໃຊ້ຕຳແໜ່ງຜູ້ນຳທີ່ມີສິດລົງນາມເທົ່ານັ້ນ.",
        ],
        Reason::NotAPdf => [
            "Chỉ ký số được tệp chính dạng PDF.",
            "Only a PDF main file can be signed digitally.",
            "ລົງລາຍເຊັນດິຈິຕອນໄດ້ສະເພາະໄຟລ໌ຫຼັກ PDF.",
        ],
        Reason::NotAPng => [
            "Ảnh chữ ký, con dấu phải là tệp PNG.",
            "The signature or seal image must be a PNG.",
            "ຮູບລາຍເຊັນ ຫຼື ກາປະທັບຕ້ອງເປັນໄຟລ໌ PNG.",
        ],
        Reason::NotASecretary => [
            "Chỉ vai trò thư ký mới gắn với lãnh đạo.",
            "Only a secretary's role names a leader.",
            "ສະເພາະບົດບາດເລຂານຸການເທົ່ານັ້ນທີ່ລະບຸຜູ້ນຳ.",
        ],
        Reason::NotASupervisor => [
            "Bạn không theo dõi tiến độ của đơn vị này.",
            "You do not supervise this unit's work.",
            "ທ່ານບໍ່ໄດ້ຕິດຕາມວຽກຂອງໜ່ວຍງານນີ້.",
        ],
        Reason::NotAWorkingDay => [
            "Hạn xử lý rơi vào ngày nghỉ.",
            "The deadline falls on a weekend or a public holiday.",
            "ກຳນົດເວລາຕົກໃນວັນພັກ.",
        ],
        Reason::NotCleared => [
            "Bạn không được phép tiếp cận văn bản mật này.",
            "You are not cleared for this confidential document.",
            "ທ່ານບໍ່ມີສິດເຂົ້າເຖິງເອກະສານລັບນີ້.",
        ],
        Reason::NotClearedToClassify => [
            "Bạn không thể xác định độ mật cao hơn mức bạn được phép tiếp cận.",
            "You cannot classify a document above your own clearance.",
            "ທ່ານບໍ່ສາມາດກຳນົດລະດັບຄວາມລັບສູງກວ່າສິດຂອງທ່ານ.",
        ],
        Reason::NotFound => ["Không tìm thấy dữ liệu.", "Not found.", "ບໍ່ພົບຂໍ້ມູນ."],
        Reason::NotInTheUnit => [
            "Văn bản thuộc đơn vị khác.",
            "The document belongs to another unit.",
            "ເອກະສານເປັນຂອງໜ່ວຍງານອື່ນ.",
        ],
        Reason::IssuancePending => [
            "Văn bản đang được ban hành; hãy chờ việc ban hành hoàn tất.",
            "The document is being issued; wait until the issuance is done.",
            "ເອກະສານກຳລັງຖືກອອກ; ກະລຸນາລໍຖ້າໃຫ້ສຳເລັດ.",
        ],
        Reason::Issued => [
            "Văn bản đã ban hành: hãy thu hồi để ban hành lại trước khi sửa nơi nhận.",
            "The document is issued: recall it for re-issue before changing its recipients.",
            "ເອກະສານອອກແລ້ວ: ກະລຸນາເອີ້ນຄືນເພື່ອອອກໃໝ່ກ່ອນແກ້ໄຂບ່ອນຮັບ.",
        ],
        Reason::NoReceiver => [
            "Đơn vị này không có người nhận văn bản (chưa có lãnh đạo hoặc văn thư).",
            "This unit has nobody to receive documents (no head and no clerk).",
            "ໜ່ວຍງານນີ້ບໍ່ມີຜູ້ຮັບເອກະສານ (ບໍ່ມີຫົວໜ້າ ຫຼື ພະນັກງານຂາເຂົ້າ-ຂາອອກ).",
        ],
        Reason::TwoMainHandlers => [
            "Chỉ chọn một người hoặc một đơn vị xử lý chính.",
            "Choose one main handler: a person or a unit, not both.",
            "ເລືອກຜູ້ຮັບຜິດຊອບຫຼັກພຽງຄົນດຽວ ຫຼື ໜ່ວຍງານດຽວ.",
        ],
        Reason::Unchanged => [
            "Không có gì thay đổi so với trước.",
            "Nothing changed.",
            "ບໍ່ມີຫຍັງປ່ຽນແປງ.",
        ],
        Reason::ConversionFailed => [
            "Không chuyển được tệp Word sang PDF: tệp có thể bị hỏng.",
            "The Word file could not be converted to PDF: it may be damaged.",
            "ບໍ່ສາມາດປ່ຽນໄຟລ໌ Word ເປັນ PDF ໄດ້: ໄຟລ໌ອາດເສຍຫາຍ.",
        ],
        Reason::ConversionTimeout => [
            "Chuyển tệp Word sang PDF quá lâu; hãy thử lại hoặc tải lên bản PDF.",
            "Converting the Word file to PDF took too long; try again or upload a PDF.",
            "ການປ່ຽນໄຟລ໌ Word ເປັນ PDF ໃຊ້ເວລາດົນເກີນໄປ; ກະລຸນາລອງໃໝ່ ຫຼື ອັບໂຫຼດ PDF.",
        ],
        Reason::ConversionUnavailable => [
            "Máy chủ hiện không chuyển được tệp Word sang PDF; hãy tải lên bản PDF.",
            "The server cannot convert Word files to PDF now; upload a PDF.",
            "ເຊີບເວີບໍ່ສາມາດປ່ຽນໄຟລ໌ Word ເປັນ PDF ໄດ້ໃນຕອນນີ້; ກະລຸນາອັບໂຫຼດ PDF.",
        ],
        Reason::NotADocx => [
            "Tệp không phải là tài liệu Word (.docx).",
            "The file is not a Word document (.docx).",
            "ໄຟລ໌ນີ້ບໍ່ແມ່ນເອກະສານ Word (.docx).",
        ],
        Reason::NotIssued => [
            "Văn bản chưa được ban hành.",
            "The document is not issued.",
            "ເອກະສານຍັງບໍ່ທັນອອກ.",
        ],
        Reason::NotNumbered => [
            "Văn bản chưa được cấp số.",
            "The document has no number yet.",
            "ເອກະສານຍັງບໍ່ມີເລກທີ.",
        ],
        Reason::NotRouted => [
            "Văn bản chưa được chuyển đến bạn.",
            "This document was not routed to you.",
            "ເອກະສານນີ້ບໍ່ໄດ້ສົ່ງມາຫາທ່ານ.",
        ],
        Reason::NotSigned => [
            "Người có thẩm quyền chưa ký văn bản.",
            "The competent person has not signed the document yet.",
            "ຜູ້ມີສິດອຳນາດຍັງບໍ່ທັນລົງລາຍເຊັນເອກະສານ.",
        ],
        Reason::NotTheMainHandler => [
            "Người phối hợp chỉ hoàn thành phần việc của mình; người xử lý chính chuyển tiếp hoặc kết thúc văn bản.",
            "A co-handler completes their own part; the main handler moves the document on or ends it.",
            "ຜູ້ປະສານງານສຳເລັດພຽງສ່ວນຂອງຕົນ; ຜູ້ຮັບຜິດຊອບຫຼັກເປັນຜູ້ສົ່ງຕໍ່ ຫຼື ສິ້ນສຸດເອກະສານ.",
        ],
        Reason::NotTheOrganisation => [
            "Ban hành cần chữ ký số của cơ quan, tổ chức.",
            "Issuing needs the organisation's signature.",
            "ການອອກເອກະສານຕ້ອງມີລາຍເຊັນຂອງອົງການ.",
        ],
        Reason::NotTheRegisterKeeper => [
            "Chỉ văn thư của đơn vị mới quản lý sổ này.",
            "Only the unit's clerk keeps this register.",
            "ສະເພາະພະນັກງານເອກະສານຂອງໜ່ວຍງານເທົ່ານັ້ນ.",
        ],
        Reason::NotWithdrawn => [
            "Văn bản không bị thu hồi trong lần thu hồi này.",
            "The document was not withdrawn by this recall.",
            "ເອກະສານບໍ່ໄດ້ຖືກຖອນຄືນໃນການເອີ້ນຄືນຄັ້ງນີ້.",
        ],
        Reason::NotYourAccount => [
            "Thông tin này thuộc tài khoản của người khác; bạn chỉ xem được thông tin của chính mình.",
            "This belongs to another person's account; you may only see your own.",
            "ຂໍ້ມູນນີ້ເປັນຂອງບັນຊີຜູ້ອື່ນ; ທ່ານເບິ່ງໄດ້ສະເພາະຂອງຕົນເອງ.",
        ],
        Reason::NotYourKey => [
            "Chỉ được ký bằng khóa ký số của chính mình.",
            "A signature is made with one's own key only.",
            "ລົງລາຍເຊັນໄດ້ດ້ວຍກະແຈຂອງຕົນເອງເທົ່ານັ້ນ.",
        ],
        Reason::NotYourLog => [
            "Bạn chỉ xem được nhật ký sử dụng của mình.",
            "You may only see your own usage log.",
            "ທ່ານເບິ່ງໄດ້ສະເພາະບັນທຶກການນຳໃຊ້ຂອງຕົນເອງ.",
        ],
        Reason::NotYourPosition => [
            "Bạn không giữ chức vụ này.",
            "You do not hold this position.",
            "ທ່ານບໍ່ໄດ້ດຳລົງຕຳແໜ່ງນີ້.",
        ],
        Reason::NotYourRegister => [
            "Sổ này thuộc cơ quan, đơn vị khác.",
            "The register belongs to another office.",
            "ປຶ້ມທະບຽນນີ້ເປັນຂອງຫ້ອງການອື່ນ.",
        ],
        Reason::NotYourStep => [
            "Vị trí của bạn không xử lý ở bước này.",
            "Your position does not act at this step.",
            "ຕຳແໜ່ງຂອງທ່ານບໍ່ໄດ້ດຳເນີນການໃນຂັ້ນຕອນນີ້.",
        ],
        Reason::NotAtThatStep => [
            "Người được chọn không xử lý ở bước văn bản chuyển đến.",
            "The person chosen does not act at the step the document goes to.",
            "ຜູ້ທີ່ຖືກເລືອກບໍ່ໄດ້ດຳເນີນການໃນຂັ້ນຕອນທີ່ເອກະສານຈະໄປ.",
        ],
        Reason::NoClearedHolder => [
            "Không ai ở bước tiếp theo được phép tiếp cận văn bản có độ mật này; hãy chọn người nhận cụ thể.",
            "Nobody at the next step is cleared for a document this confidential; name a cleared recipient.",
            "ບໍ່ມີໃຜໃນຂັ້ນຕອນຕໍ່ໄປມີສິດເຂົ້າເຖິງເອກະສານລັບລະດັບນີ້; ກະລຸນາເລືອກຜູ້ຮັບທີ່ມີສິດ.",
        ],
        Reason::NoClerk => [
            "Đơn vị không có văn thư để tiếp nhận.",
            "The unit has no clerk to receive it.",
            "ໜ່ວຍງານບໍ່ມີພະນັກງານເອກະສານຮັບ.",
        ],
        Reason::NoFile => [
            "Dự thảo chưa có tệp.",
            "The draft has no file.",
            "ຮ່າງເອກະສານຍັງບໍ່ມີໄຟລ໌.",
        ],
        Reason::NoOffice => [
            "Đơn vị của bạn không có văn thư giữ sổ.",
            "Your unit has no office keeping registers.",
            "ຫົວໜ່ວຍຂອງທ່ານບໍ່ມີຫ້ອງການຮັກສາປຶ້ມ.",
        ],
        Reason::NoParent => [
            "Văn bản không được chuyển từ văn bản khác.",
            "The document was not routed from another one.",
            "ເອກະສານບໍ່ໄດ້ຖືກສົ່ງມາຈາກເອກະສານອື່ນ.",
        ],
        Reason::NoPendingEnrolment => [
            "Hãy bắt đầu đăng ký xác thực hai lớp trước.",
            "Start the enrolment first.",
            "ກະລຸນາເລີ່ມການລົງທະບຽນກ່ອນ.",
        ],
        Reason::NoPosition => [
            "Bạn chưa được giao chức vụ nào.",
            "You hold no position.",
            "ທ່ານຍັງບໍ່ມີຕຳແໜ່ງ.",
        ],
        Reason::NoSigningKey => [
            "Chưa có khóa ký số để ký; đề nghị quản trị hệ thống cấp.",
            "There is no signing key to sign with; ask an administrator.",
            "ບໍ່ມີກະແຈລົງລາຍເຊັນດິຈິຕອນ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::NoSuchDocument => [
            "Không tìm thấy văn bản.",
            "No such document.",
            "ບໍ່ພົບເອກະສານ.",
        ],
        Reason::NoSuchFile => ["Không tìm thấy tệp.", "No such file.", "ບໍ່ພົບໄຟລ໌."],
        Reason::NoSuchPage => [
            "Văn bản không có trang này.",
            "The document has no such page.",
            "ເອກະສານບໍ່ມີໜ້ານີ້.",
        ],
        Reason::NoSuchRegister => [
            "Không tìm thấy sổ văn bản.",
            "No such register.",
            "ບໍ່ພົບປຶ້ມທະບຽນ.",
        ],
        Reason::OneCertificate => [
            "Chỉ nhập một chứng thư.",
            "Give exactly one certificate.",
            "ໃສ່ໃບຢັ້ງຢືນພຽງໜຶ່ງໃບ.",
        ],
        Reason::OneLoginPerRequest => [
            "Mỗi yêu cầu chỉ được đăng nhập một lần.",
            "Only one login per request.",
            "ເຂົ້າສູ່ລະບົບໄດ້ພຽງຄັ້ງດຽວຕໍ່ຄຳຮ້ອງ.",
        ],
        Reason::OneOf => [
            "Chỉ chọn một trong các điều kiện.",
            "Give only one of these.",
            "ເລືອກພຽງອັນດຽວ.",
        ],
        Reason::OneOfPersonOrUnit => [
            "Chọn một người hoặc một cơ quan, đơn vị sở hữu khóa.",
            "Choose one person or one organisation that owns the key.",
            "ເລືອກບຸກຄົນ ຫຼື ອົງການທີ່ເປັນເຈົ້າຂອງກະແຈ.",
        ],
        Reason::OneOfUnitOrAgency => [
            "Mỗi nơi nhận là một đơn vị hoặc một cơ quan bên ngoài, không chọn cả hai.",
            "Each recipient is either a unit or an outside agency, not both.",
            "ຜູ້ຮັບແຕ່ລະບ່ອນແມ່ນໜ່ວຍງານ ຫຼື ອົງການພາຍນອກ, ບໍ່ແມ່ນທັງສອງ.",
        ],
        Reason::OutsideTheAgency => [
            "Người nhận hoặc đơn vị thuộc cơ quan khác.",
            "A recipient or unit belongs to another agency.",
            "ຜູ້ຮັບ ຫຼື ໜ່ວຍງານເປັນຂອງອົງການອື່ນ.",
        ],
        Reason::OutOfRange => [
            "Giá trị nằm ngoài phạm vi cho phép.",
            "The value is out of range.",
            "ຄ່ານີ້ຢູ່ນອກຂອບເຂດ.",
        ],
        Reason::ParentRequired => [
            "Chỉ cơ quan mới đứng đầu cây tổ chức; hãy chọn đơn vị cấp trên.",
            "Only an agency can be at the top; choose a parent.",
            "ສະເພາະອົງການເທົ່ານັ້ນຢູ່ຂັ້ນເທິງສຸດ; ກະລຸນາເລືອກໜ່ວຍງານຂັ້ນເທິງ.",
        ],
        Reason::PasswordChangeRequired => [
            "Vui lòng đổi mật khẩu lần đầu trước khi tiếp tục.",
            "Change your one-time password before going on.",
            "ກະລຸນາປ່ຽນລະຫັດຜ່ານຄັ້ງທຳອິດກ່ອນ.",
        ],
        Reason::PasswordRequired => [
            "Tài khoản đang bật xác thực hai bước: nhập mật khẩu hiện tại để thay ứng dụng xác thực.",
            "Two-step login is on: enter your current password to replace the authenticator.",
            "ບັນຊີເປີດການເຂົ້າລະບົບສອງຂັ້ນຕອນ: ປ້ອນລະຫັດຜ່ານປັດຈຸບັນເພື່ອປ່ຽນແອັບຢືນຢັນ.",
        ],
        Reason::PdfEncrypted => [
            "Tệp PDF đã được mã hóa nên không ký được.",
            "The PDF is encrypted and cannot be signed.",
            "ໄຟລ໌ PDF ຖືກເຂົ້າລະຫັດ ຈຶ່ງລົງລາຍເຊັນບໍ່ໄດ້.",
        ],
        Reason::PersonalSignatureMissing => [
            "Cơ quan, tổ chức chỉ ký số sau khi người có thẩm quyền đã ký.",
            "The organisation signs only after the competent person has signed.",
            "ອົງການລົງລາຍເຊັນໄດ້ຫຼັງຈາກຜູ້ມີສິດອຳນາດລົງລາຍເຊັນແລ້ວເທົ່ານັ້ນ.",
        ],
        Reason::Pkcs12NoKey => [
            "Tệp PKCS#12 không chứa khóa bí mật kèm chứng thư số.",
            "The PKCS#12 file holds no private key with its certificate.",
            "ໄຟລ໌ PKCS#12 ບໍ່ມີກະແຈສ່ວນຕົວພ້ອມໃບຢັ້ງຢືນ.",
        ],
        Reason::Pkcs12Unreadable => [
            "Không mở được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng).",
            "The PKCS#12 file cannot be opened (wrong password or damaged file).",
            "ບໍ່ສາມາດເປີດໄຟລ໌ PKCS#12 (ລະຫັດຜ່ານຜິດ ຫຼື ໄຟລ໌ເສຍ).",
        ],
        Reason::PositionHeld => [
            "Cán bộ đã giữ chức vụ này tại đơn vị.",
            "The person already holds this role in this unit.",
            "ບຸກຄົນນີ້ດຳລົງບົດບາດນີ້ໃນໜ່ວຍງານແລ້ວ.",
        ],
        Reason::QueryTooLarge => [
            "Yêu cầu đòi quá nhiều dữ liệu một lúc; hãy yêu cầu ít trang hơn hoặc trang nhỏ hơn.",
            "The request asks for too much at once; ask for fewer or smaller pages.",
            "ຄຳຮ້ອງຂໍຂໍ້ມູນຫຼາຍເກີນໄປໃນຄັ້ງດຽວ; ກະລຸນາຂໍໜ້າໜ້ອຍລົງ ຫຼື ນ້ອຍລົງ.",
        ],
        Reason::RateLimited => [
            "Thử quá nhiều lần; hãy chờ rồi thử lại.",
            "Too many attempts; wait and try again.",
            "ພະຍາຍາມຫຼາຍເກີນໄປ; ກະລຸນາລໍຖ້າແລ້ວລອງໃໝ່.",
        ],
        Reason::RecipientActed => [
            "Đã có nơi nhận xử lý văn bản: không thể thu hồi nữa.",
            "A recipient has already acted on the document: it can no longer be recalled.",
            "ມີຜູ້ຮັບໄດ້ດຳເນີນການເອກະສານແລ້ວ: ບໍ່ສາມາດເອີ້ນຄືນໄດ້.",
        ],
        Reason::RecipientNotCleared => [
            "Người nhận chưa được phép tiếp cận văn bản có độ mật này.",
            "A recipient is not cleared for a document this confidential.",
            "ຜູ້ຮັບບໍ່ມີສິດເຂົ້າເຖິງເອກະສານລັບລະດັບນີ້.",
        ],
        Reason::RegisterImmutable => [
            "Không thể đổi loại hoặc đơn vị sở hữu của sổ; hãy mở sổ mới.",
            "A register's kind and owner never change; open a new register.",
            "ບໍ່ສາມາດປ່ຽນປະເພດ ຫຼື ເຈົ້າຂອງປຶ້ມ; ກະລຸນາເປີດປຶ້ມໃໝ່.",
        ],
        Reason::Required => [
            "Trường này là bắt buộc.",
            "This field is required.",
            "ຕ້ອງປ້ອນຂໍ້ມູນນີ້.",
        ],
        Reason::SamePassword => [
            "Mật khẩu mới phải khác mật khẩu hiện tại.",
            "The new password must differ from the current one.",
            "ລະຫັດຜ່ານໃໝ່ຕ້ອງແຕກຕ່າງຈາກລະຫັດປັດຈຸບັນ.",
        ],
        Reason::SealedBadFormat => [
            "Khóa ký số lưu trên máy chủ không đúng định dạng; đề nghị quản trị hệ thống kiểm tra.",
            "The stored signing key is not in the expected format; ask an administrator.",
            "ກະແຈລົງລາຍເຊັນທີ່ເກັບໄວ້ໃນເຊີບເວີບໍ່ຖືກຮູບແບບ; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::SealedUnauthentic => [
            "Không mở được khóa ký số đã niêm phong (sai khóa chính hoặc dữ liệu đã bị thay đổi); đề nghị quản trị hệ thống kiểm tra.",
            "The sealed signing key cannot be opened (wrong master key, or it was altered); ask an administrator.",
            "ບໍ່ສາມາດເປີດກະແຈລົງລາຍເຊັນທີ່ຜະນຶກໄວ້ (ກະແຈຫຼັກຜິດ ຫຼື ຖືກປ່ຽນແປງ); ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::SecondFactorRequired => [
            "Nhập mã xác thực từ ứng dụng.",
            "Enter the code from your authenticator app.",
            "ປ້ອນລະຫັດຢືນຢັນຈາກແອັບ.",
        ],
        Reason::SelfDelegation => [
            "Không thể ủy quyền cho chính người giữ chức vụ.",
            "A position cannot be delegated to its own holder.",
            "ບໍ່ສາມາດມອບສິດໃຫ້ຜູ້ດຳລົງຕຳແໜ່ງເອງ.",
        ],
        Reason::SelfService => [
            "Không thể làm thư ký cho chính mình.",
            "A person cannot be their own secretary.",
            "ບໍ່ສາມາດເປັນເລຂານຸການຂອງຕົນເອງ.",
        ],
        Reason::SignatureTooLarge => [
            "Chữ ký số vượt quá chỗ dành sẵn trong tệp; đề nghị quản trị hệ thống kiểm tra.",
            "The signature does not fit the space reserved in the file; ask an administrator.",
            "ລາຍເຊັນດິຈິຕອນໃຫຍ່ເກີນບ່ອນທີ່ກຳນົດໄວ້ໃນໄຟລ໌; ກະລຸນາຕິດຕໍ່ຜູ້ບໍລິຫານລະບົບ.",
        ],
        Reason::SignerFailed => [
            "Thiết bị hoặc dịch vụ ký số không ký được; vui lòng thử lại sau.",
            "The signing device or service failed to sign; try again later.",
            "ອຸປະກອນ ຫຼື ບໍລິການລົງລາຍເຊັນດິຈິຕອນລົງລາຍເຊັນບໍ່ສຳເລັດ; ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::StepMoved => [
            "Người khác đã xử lý văn bản này trước. Vui lòng tải lại.",
            "Someone acted first; reload the document.",
            "ມີຄົນອື່ນດຳເນີນການກ່ອນແລ້ວ. ກະລຸນາໂຫຼດໃໝ່.",
        ],
        Reason::Storage => [
            "Kho lưu trữ tệp đang gặp sự cố; vui lòng thử lại sau.",
            "File storage failed; try again later.",
            "ບ່ອນເກັບໄຟລ໌ມີບັນຫາ; ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::TooConfidentialForRegister => [
            "Sổ này không nhận văn bản có độ mật này; văn bản mật được vào sổ riêng.",
            "This register does not take documents this confidential; they go into their own register.",
            "ປຶ້ມນີ້ບໍ່ຮັບເອກະສານລັບລະດັບນີ້; ເອກະສານລັບລົງໃນປຶ້ມສະເພາະ.",
        ],
        Reason::TooFewClasses => [
            "Mật khẩu cần ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký tự khác.",
            "The password needs 3 of: lowercase, uppercase, digits, other characters.",
            "ລະຫັດຜ່ານຕ້ອງມີ 3 ໃນ 4 ປະເພດ: ຕົວພິມນ້ອຍ, ຕົວພິມໃຫຍ່, ຕົວເລກ, ອື່ນໆ.",
        ],
        Reason::TooLarge => [
            "Tệp vượt quá dung lượng cho phép.",
            "The file is larger than allowed.",
            "ໄຟລ໌ໃຫຍ່ເກີນກຳນົດ.",
        ],
        Reason::TooLong => [
            "Nội dung quá dài.",
            "The text is too long.",
            "ຂໍ້ຄວາມຍາວເກີນໄປ.",
        ],
        Reason::TooMany => ["Quá nhiều mục.", "Too many items.", "ມີລາຍການຫຼາຍເກີນໄປ."],
        Reason::TooManyAttempts => [
            "Có quá nhiều lần nhập sai mật khẩu từ địa chỉ này. Vui lòng thử lại sau.",
            "Too many wrong passwords from this address. Try again later.",
            "ປ້ອນລະຫັດຜ່ານຜິດຫຼາຍເກີນໄປຈາກທີ່ຢູ່ນີ້. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.",
        ],
        Reason::TooManySignatures => [
            "Tệp có quá 100 chữ ký số.",
            "More than 100 signatures in one file.",
            "ໄຟລ໌ມີລາຍເຊັນຫຼາຍກວ່າ 100.",
        ],
        Reason::TooManyVersions => [
            "Dự thảo đã đạt số phiên bản tối đa được lưu.",
            "The draft already keeps as many versions as allowed.",
            "ຮ່າງເອກະສານມີຈຳນວນສະບັບສູງສຸດທີ່ເກັບໄດ້ແລ້ວ.",
        ],
        Reason::TooShort => [
            "Mật khẩu phải có ít nhất 10 ký tự.",
            "The password must have at least 10 characters.",
            "ລະຫັດຜ່ານຕ້ອງມີຢ່າງໜ້ອຍ 10 ຕົວອັກສອນ.",
        ],
        Reason::TypeNotInRegister => [
            "Sổ này không nhận loại văn bản này.",
            "This register does not take documents of this type.",
            "ປຶ້ມນີ້ບໍ່ຮັບເອກະສານປະເພດນີ້.",
        ],
        Reason::Unauthenticated => ["Vui lòng đăng nhập.", "Please log in.", "ກະລຸນາເຂົ້າສູ່ລະບົບ."],
        Reason::UnitHasChildren => [
            "Đơn vị còn đơn vị trực thuộc.",
            "The unit still has sub-units.",
            "ໜ່ວຍງານຍັງມີໜ່ວຍງານຍ່ອຍ.",
        ],
        Reason::UnitHasPeople => [
            "Đơn vị còn cán bộ; hãy kết thúc hoặc chuyển công tác trước.",
            "The unit still has people; end or move their positions first.",
            "ໜ່ວຍງານຍັງມີພະນັກງານ; ກະລຸນາຍ້າຍອອກກ່ອນ.",
        ],
        Reason::UnknownAgency => [
            "Không tìm thấy cơ quan gửi.",
            "No such sending agency.",
            "ບໍ່ພົບອົງການຜູ້ສົ່ງ.",
        ],
        Reason::UnknownDocumentType => [
            "Không có loại văn bản này.",
            "No such document type.",
            "ບໍ່ມີປະເພດເອກະສານນີ້.",
        ],
        Reason::UnknownPosition => [
            "Không tìm thấy vị trí công tác.",
            "No such position.",
            "ບໍ່ພົບຕຳແໜ່ງ.",
        ],
        Reason::UnknownProcess => [
            "Không có quy trình xử lý này.",
            "There is no such process.",
            "ບໍ່ມີຂັ້ນຕອນການດຳເນີນງານນີ້.",
        ],
        Reason::UnknownRegister => ["Không có sổ này.", "No such register.", "ບໍ່ມີປຶ້ມນີ້."],
        Reason::UnknownUnit => ["Không tìm thấy đơn vị.", "No such unit.", "ບໍ່ພົບໜ່ວຍງານ."],
        Reason::UnsupportedKey => [
            "Loại khóa này chưa được hỗ trợ (chỉ hỗ trợ khóa RSA).",
            "This kind of key is not supported (only RSA keys are).",
            "ບໍ່ຮອງຮັບກະແຈປະເພດນີ້ (ຮອງຮັບສະເພາະກະແຈ RSA).",
        ],
        Reason::UsernameTaken => [
            "Tên đăng nhập đã được sử dụng.",
            "The username is taken.",
            "ຊື່ຜູ້ໃຊ້ນີ້ຖືກໃຊ້ແລ້ວ.",
        ],
        Reason::UseIssue => [
            "Cấp số và ban hành văn bản được thực hiện bằng chức năng riêng.",
            "Numbering and issuing are done with their own actions.",
            "ການອອກເລກທີ ແລະ ການອອກເອກະສານເຮັດດ້ວຍຄຳສັ່ງສະເພາະ.",
        ],
        Reason::Validation => [
            "Dữ liệu nhập không hợp lệ.",
            "The input is not valid.",
            "ຂໍ້ມູນທີ່ປ້ອນບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::WeakPassword => [
            "Mật khẩu chưa đáp ứng yêu cầu an toàn.",
            "The password does not meet the password policy.",
            "ລະຫັດຜ່ານບໍ່ຜ່ານເງື່ອນໄຂຄວາມປອດໄພ.",
        ],
        Reason::Withdrawn => [
            "Nơi gửi đã thu hồi văn bản này.",
            "The sender recalled this document; it was withdrawn.",
            "ຜູ້ສົ່ງໄດ້ເອີ້ນເອກະສານນີ້ຄືນແລ້ວ.",
        ],
        Reason::WrongCode => [
            "Mã xác thực không đúng.",
            "The code is wrong.",
            "ລະຫັດຢືນຢັນບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::WrongPassword => [
            "Mật khẩu hiện tại không đúng.",
            "The current password is wrong.",
            "ລະຫັດຜ່ານປັດຈຸບັນບໍ່ຖືກຕ້ອງ.",
        ],
        Reason::WrongYear => [
            "Mọi ngày phải thuộc năm của lịch.",
            "Every date must fall in the calendar's year.",
            "ທຸກວັນທີຕ້ອງຢູ່ໃນປີຂອງປະຕິທິນ.",
        ],
        Reason::RegisteredNotCancellable => [
            "Văn bản đã vào sổ giữ số đến của nó: không thể hủy; hãy xử lý theo quy trình.",
            "A registered document keeps its arrival number: it cannot be cancelled; handle it through its process.",
            "ເອກະສານທີ່ລົງທະບຽນແລ້ວຮັກສາເລກຮັບຂອງມັນ: ບໍ່ສາມາດຍົກເລີກໄດ້; ກະລຸນາດຳເນີນການຕາມຂັ້ນຕອນ.",
        ],
        Reason::NotCancellableChannel => [
            "Chỉ hủy được văn bản giấy tiếp nhận tại đây; văn bản điện tử hoặc văn bản được giao thì từ chối.",
            "Only a paper document received here can be cancelled; refuse an electronic or assigned document instead.",
            "ຍົກເລີກໄດ້ສະເພາະເອກະສານເຈ້ຍທີ່ຮັບຢູ່ນີ້; ເອກະສານເອເລັກໂຕຣນິກ ຫຼື ທີ່ຖືກມອບໝາຍ ໃຫ້ປະຕິເສດແທນ.",
        ],
    }
}
