//! The usual Vietnamese abbreviations of agency names (UBND, HĐND, BNV, Sở GD&ĐT, TW…), so
//! that a name typed the way clerks write it finds the catalogue's full name and the other
//! way round: "UBND tỉnh Ninh Bình" finds "Ủy ban nhân dân tỉnh Ninh Bình". One small table
//! ([`ABBREVIATIONS`]) and [`alternatives`], which the external agencies directory's search
//! uses (one place, server side).

/// Each abbreviation (as written, in upper case) and the words it stands for.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("HDND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("TW", "Trung ương"),
    ("TƯ", "Trung ương"),
    ("CP", "Chính phủ"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("TTG", "Thủ tướng Chính phủ"),
    ("VP", "Văn phòng"),
    ("BNV", "Bộ Nội vụ"),
    ("BTC", "Bộ Tài chính"),
    ("BTP", "Bộ Tư pháp"),
    ("BYT", "Bộ Y tế"),
    ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"),
    ("BNG", "Bộ Ngoại giao"),
    ("BXD", "Bộ Xây dựng"),
    ("BCT", "Bộ Công Thương"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ("BKHDT", "Bộ Kế hoạch và Đầu tư"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BGDDT", "Bộ Giáo dục và Đào tạo"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BGTVT", "Bộ Giao thông vận tải"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    // What follows "Sở" (Sở GD&ĐT, Sở TN&MT…) and "Phòng".
    ("NV", "Nội vụ"),
    ("TC", "Tài chính"),
    ("TP", "thành phố"),
    ("TX", "thị xã"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GDĐT", "Giáo dục và Đào tạo"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("KHĐT", "Kế hoạch và Đầu tư"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("TNMT", "Tài nguyên và Môi trường"),
    ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("GTVT", "Giao thông vận tải"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("YT", "Y tế"),
    ("XD", "Xây dựng"),
];

/// The words `abbreviation` (any case) stands for, if it is one.
pub fn expansion(abbreviation: &str) -> Option<&'static str> {
    let upper = abbreviation.to_uppercase();
    ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == upper)
        .map(|(_, long)| *long)
}

/// What a search for `text` also looks for: `text` itself, then `text` with every
/// abbreviation it contains spelled out ("UBND tỉnh Ninh Bình" → "Ủy ban nhân dân tỉnh Ninh
/// Bình"), then `text` with every full name it contains abbreviated ("Ủy ban nhân dân tỉnh
/// Ninh Bình" → "UBND tỉnh Ninh Bình"; the first abbreviation of the table for it). Words
/// are compared without case; spelled-out and abbreviated forms are new alternatives only
/// when they differ. At most three.
pub fn alternatives(text: &str) -> Vec<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found = vec![text.clone()];
    let expanded = text
        .split(' ')
        .map(|word| expansion(word).unwrap_or(word))
        .collect::<Vec<_>>()
        .join(" ");
    if expanded != text {
        found.push(expanded);
    }
    let mut contracted = text.to_lowercase();
    // Longest full names first: "Văn phòng Chính phủ" is VPCP, not "VP CP".
    let mut table: Vec<&(&str, &str)> = ABBREVIATIONS.iter().collect();
    table.sort_by_key(|(_, long)| std::cmp::Reverse(long.chars().count()));
    for (short, long) in table {
        let long = long.to_lowercase();
        if contracted.contains(&long) {
            contracted = contracted.replace(&long, short);
        }
        // The older spelling of "Ủy" (tone mark on the y).
        let older = long.replace("ủy", "uỷ");
        if older != long && contracted.contains(&older) {
            contracted = contracted.replace(&older, short);
        }
    }
    if contracted != text.to_lowercase() {
        found.push(contracted);
    }
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_abbreviation_typed_finds_the_full_name() {
        assert_eq!(
            alternatives("UBND tỉnh  Ninh Bình"),
            ["UBND tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh Ninh Bình"]
        );
        assert_eq!(
            alternatives("hđnd tỉnh Ninh Bình")[1],
            "Hội đồng nhân dân tỉnh Ninh Bình"
        );
        assert_eq!(alternatives("BNV")[1], "Bộ Nội vụ");
        assert_eq!(
            alternatives("Sở GD&ĐT Ninh Bình")[1],
            "Sở Giáo dục và Đào tạo Ninh Bình"
        );
        assert_eq!(alternatives("Ban Tổ chức TW")[1], "Ban Tổ chức Trung ương");
    }

    #[test]
    fn a_full_name_typed_finds_the_abbreviated_one() {
        assert_eq!(
            alternatives("Ủy ban nhân dân tỉnh Ninh Bình"),
            ["Ủy ban nhân dân tỉnh Ninh Bình", "UBND tỉnh ninh bình"]
        );
        assert_eq!(
            alternatives("Uỷ ban nhân dân tỉnh Ninh Bình")[1],
            "UBND tỉnh ninh bình"
        );
        assert_eq!(alternatives("Văn phòng Chính phủ")[1], "VPCP");
    }

    #[test]
    fn a_name_without_abbreviations_is_searched_as_typed() {
        assert_eq!(alternatives("Ninh Bình"), ["Ninh Bình"]);
        assert_eq!(alternatives("  "), [""]);
        assert_eq!(expansion("ubnd"), Some("Ủy ban nhân dân"));
        assert_eq!(expansion("UBNDX"), None);
    }
}
