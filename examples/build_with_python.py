"""Build Báo cáo số 564/BC-SXD of the Trà Vinh Department of Construction (Sở Xây dựng) in Python.

The report — "Tổng kết tình hình thực hiện mô hình “Chính quyền, công sở thân thiện” năm 2020
tại Sở Xây dựng", dated 29/12/2020 and sent to Sở Nội vụ tỉnh Trà Vinh — is written through the
document model (:class:`baocao.VanBan`) alone, without a template: the header, title, Kính gửi,
numbered headings (I., 1., a) …), the end mark "./.", Nơi nhận and the signature block are all laid
out by the writer following Decree 30/2020/NĐ-CP. The count of administrative procedures per field
comes from a small table (:data:`THU_TUC_THEO_LINH_VUC`) and is summed and formatted here, to show
how data feeds the text.

Run from the repository root::

    python examples/build_with_python.py [out.docx]

The default output is ``000_bao_cao_so_xay_dung_tra_vinh.docx`` in the current directory; the
script prints the path it wrote.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from baocao import NguoiKy, Run, VanBan

DEFAULT_OUTPUT = "000_bao_cao_so_xay_dung_tra_vinh.docx"

# Thủ tục hành chính (TTHC) thuộc thẩm quyền giải quyết của Sở, theo lĩnh vực
# (Quyết định số 1893/QĐ-UBND ngày 23/9/2019 của UBND tỉnh Trà Vinh).
THU_TUC_THEO_LINH_VUC: dict[str, int] = {
    "Giám định nhà nước về chất lượng công trình xây dựng": 4,
    "Kinh doanh bất động sản": 5,
    "Nhà ở và công sở": 13,
    "Phát triển đô thị": 6,
    "Quản lý hoạt động xây dựng": 26,
    "Quy hoạch xây dựng, kiến trúc": 2,
    "Vật liệu xây dựng": 1,
}


def thu_tuc_hanh_chinh(theo_linh_vuc: dict[str, int]) -> tuple[str, str]:
    """The total and the per-field list, numbers written with two digits as in the report:
    ``('57', 'Lĩnh vực … là 04 TTHC; …; Lĩnh vực … là 01 TTHC')``."""
    tong = sum(theo_linh_vuc.values())
    chi_tiet = "; ".join(f"Lĩnh vực {linh_vuc} là {so:02d} TTHC" for linh_vuc, so in theo_linh_vuc.items())
    return f"{tong:02d}", chi_tiet


def build() -> VanBan:
    """The report as a :class:`VanBan`."""
    vb = VanBan(
        loai="bao_cao",
        co_quan_chu_quan="UBND tỉnh Trà Vinh",
        co_quan="Sở Xây dựng",
        viet_tat_co_quan="SXD",
        so=564,
        dia_danh="Trà Vinh",
        ngay=dt.date(2020, 12, 29),
        trich_yeu="Tổng kết tình hình thực hiện mô hình “Chính quyền, công sở thân thiện” năm 2020 "
                  "tại Sở Xây dựng",
        kinh_gui="Sở Nội vụ tỉnh Trà Vinh",
        noi_nhan=["Như trên", "BGD Sở"],
        luu=["VT"],
        nguoi_ky=NguoiKy(ho_ten="Lê Minh Tân", chuc_vu="Giám đốc"),
    )
    tong_tthc, tthc_theo_linh_vuc = thu_tuc_hanh_chinh(THU_TUC_THEO_LINH_VUC)

    # Body. Headings are given without numbers: the writer adds I., 1., a) and sets level 3 in italics.
    vb.paragraph(
        "Thực hiện Quyết định số 2753/QĐ-UBND ngày 29/12/2016 của UBND tỉnh về việc ban hành Kế hoạch "
        "thực hiện thí điểm mô hình “Chính quyền, công sở thân thiện” trên địa bàn tỉnh Trà Vinh;"
    )
    vb.paragraph(
        "Thực hiện Công văn số 732/UBND-NC ngày 06/3/2019 của Chủ tịch Ủy ban nhân dân tỉnh về tiếp tục "
        "thực hiện mô hình “Chính quyền, công sở thân thiện và trách nhiệm”;"
    )
    vb.paragraph(
        "Sở Xây dựng Trà Vinh báo cáo tổng kết tình hình, kết quả thực hiện mô hình “Chính quyền, công sở"
        " thân thiện” năm 2020 tại đơn vị, như sau:"
    )
    vb.heading("Khái quát tình hình triển khai", 1)
    vb.paragraph(
        "Xác định tầm quan trọng của công tác cải cách hành chính, trong thời gian qua, Ban lãnh đạo Sở "
        "Xây dựng luôn chú trọng và thường xuyên quan tâm chỉ đạo thực hiện tốt công tác này và được sự "
        "hưởng ứng thực hiện nghiêm túc của các phòng ban, đơn vị thuộc Sở và toàn thể cán bộ, công chức,"
        " viên chức ngành Xây dựng. Đặc biệt chú trọng thực hiện tốt việc phục vụ nhân dân khi đến giải "
        "quyết công việc hành chính với phương châm “Trọng dân, gần dân, hiểu dân, học dân và có trách "
        "nhiệm với dân” theo tư tưởng, tấm gương đạo đức Hồ Chí Minh."
    )
    vb.paragraph(
        "Thực hiện Quyết định số 2753/QĐ-UBND ngày 29/12/2016 của UBND tỉnh về việc ban hành Kế hoạch "
        "thực hiện thí điểm mô hình “Chính quyền, công sở thân thiện” trên địa bàn tỉnh Trà Vinh và Công "
        "văn số 732/UBND-NC ngày 06/3/2019 của Chủ tịch Ủy ban nhân dân tỉnh về tiếp tục thực hiện mô "
        "hình “Chính quyền, công sở thân thiện và trách nhiệm”, Sở Xây dựng đã ban hành Kế hoạch số "
        "37/KH-SXD ngày 11/3/2020 thực hiện mô hình “Chính quyền, công sở thân thiện” tại đơn vị, với mục"
        " tiêu xây dựng nền hành chính thân thiện phục vụ nhân dân ngày càng tốt hơn. Qua đó Ban Giám đốc"
        " đã khẩn trương quán triệt, triển khai nội dung của mô hình đến toàn thể công chức, viên chức và"
        " người lao động cơ quan nghiêm túc thực hiện."
    )
    vb.paragraph(
        "Nhìn chung, qua 01 năm triển khai Kế hoạch số 37/KH-SXD ngày 11/3/2020 tại đơn vị đã đạt được "
        "kết quả đáng khích lệ, tạo chuyển biến sâu sắc về tư tưởng, trách nhiệm trong đội ngũ toàn thể "
        "công chức, viên chức và người lao động trong cơ quan."
    )
    vb.heading("Kết quả triển khai thực hiện mô hình “Chính quyền, công sở thân thiện” tại đơn vị:", 1)
    vb.heading("Việc chỉ đạo, triển khai thực hiện thực hiện:", 2)
    vb.paragraph(
        "Để đảm bảo việc triển khai, thực hiện tốt trong việc nâng cao hình ảnh một Sở Xây dựng thân "
        "thiện, lịch sự, ân cần, chu đáo khi người dân, cá nhân, tổ chức có nhu cầu giải quyết các thủ "
        "tục hành chính liên quan đến Sở Xây dựng; Ban Giám đốc Sở cùng toàn thể công chức, viên chức và "
        "người lao động cùng chung tay thực hiện xây dựng Chính quyền, công sở thân thiện, một số nhiệm "
        "vụ trọng tâm đã thực hiện:"
    )
    vb.paragraph(
        "Luôn bám sát các nhiệm vụ, mục tiêu cải cách hành chính đã được xác định tại Quyết định số "
        "1370/QĐ-UBND ngày 16/8/2016 của Ủy ban nhân dân tỉnh Trà Vinh ban hành Kế hoạch cải cách hành "
        "chính tỉnh Trà Vinh giai đoạn 2016-2020, trên cơ sở đó Sở đã cụ thể hóa một số nội dung phù hợp "
        "với chức năng, nhiệm vụ của ngành Xây dựng."
    )
    vb.paragraph(
        "Nêu cao vai trò, trách nhiệm của người đứng đầu trong chỉ đạo, triển khai thực hiện công tác cải"
        " cách hành chính tại đơn vị. Kịp thời xử lý nghiêm đối với công chức, viên chức làm việc thiếu "
        "trách nhiệm, chậm trễ, gây phiền hà trong giải quyết thủ tục hành chính đối với tổ chức, cá nhân"
        " khi đến liên hệ làm việc tại Sở."
    )
    vb.paragraph(
        "Thường xuyên rà soát, đánh giá sự cần thiết, tính hợp pháp, hợp lý và hiệu quả của các thủ tục "
        "hành chính trong phạm vi đơn vị. Trên cơ sở rà soát, đánh giá đề nghị cấp thẩm quyền xem xét cắt"
        " giảm các thủ tục hành chính rườm rà, không cần thiết để giảm chi phí tuân thủ thủ tục hành "
        "chính."
    )
    vb.paragraph(
        "Đề xuất sáng kiến cải cách thủ tục hành chính; tăng cường ứng dụng công nghệ thông tin; xây dựng"
        " quy trình giải quyết thủ tục hành chính đảm bảo nhanh, gọn, khoa học, thuận tiện, rút ngắn thời"
        " gian thực hiện thủ tục hành chính cho tổ chức, cá nhân; đảm bảo công khai, minh bạch các thông "
        "tin về thủ tục hành chính và phản ánh kiến nghị của tổ chức, cá nhân."
    )
    vb.heading("Kết quả đạt được:", 2)
    vb.paragraph(
        "Về cơ bản kết quả triển khai mô hình này tại đơn vị trong năm 2020 đã mang lại hiệu quả cụ "
        "thể:"
    )
    vb.heading(
        "Thực hiện tốt công tác cải cách hành chính mà trọng tâm là các nội dung cải cách thủ tục hành "
        "chính:", 3)
    vb.paragraph(
        "Ban lãnh đạo Sở đã bố trí 02 công chức đáp ứng đầy đủ trình độ chuyên môn thực hiện việc tiếp "
        "nhận hồ sơ và trả hồ sơ theo quy định; Công chức phụ trách tiếp nhận hồ sơ và trả kết quả luôn "
        "thực hiện tốt vai trò trách nhiệm của mình trong nhiệm vụ được phân công. Điển hình: quan tâm "
        "chú trọng tập huấn, bồi dưỡng kỹ năng giao tiếp, văn hóa công sở, chuẩn mực xử sự nhất là công "
        "chức trực tiếp tiếp nhận, giải quyết thủ tục hành chính cho tổ chức, cá nhân."
    )
    vb.paragraph(
        "Ban Giám đốc Sở chú trọng đẩy mạnh cải cách thủ tục hành chính, rút ngắn quy trình giải quyết, "
        "giảm thời gian thực hiện giải quyết thủ tục hành chính, bảo đảm công khai, minh bạch và nâng cao"
        " trách nhiệm của các đơn vị, nhất là trách nhiệm của người đứng đầu các phòng, đơn vị thuộc Sở "
        "(Cụ thể: Sở Xây dựng đã tham mưu trình UBND tỉnh ban hành Quyết định số 1893/QĐ-UBND ngày "
        f"23/9/2019 với TTHC thuộc thẩm quyền giải quyết của Sở Xây dựng gồm {tong_tthc} thủ tục hành "
        f"chính thuộc thẩm quyền giải quyết của Sở, trong đó: {tthc_theo_linh_vuc})."
    )
    vb.paragraph(
        "Ban Giám đốc Sở thường xuyên kiểm tra, đôn đốc việc thực hiện những nội dung cải cách hành chính"
        " tại Bộ phận tiếp nhận – trả kết quả và các phòng chuyên môn có liên quan đến công việc giải "
        "quyết thủ tục, hồ sơ hành chính. Trong các cuộc họp giao ban hằng tuần, chỉ đạo theo dõi, đôn "
        "đốc tiến độ giải quyết TTHC của các phòng chuyên môn, đảm bảo việc trả kết quả đúng hẹn, hạn chế"
        " thấp nhất việc quá hạn."
    )
    vb.paragraph([
        "Chỉ đạo thực hiện nghiêm yết đầy đủ các thủ tục hành chính (",
        Run("cụ thể như công khai các quy định về thành phần hồ sơ, thời hạn giải quyết, mức thu lệ phí, "
            "lệ phí đối với từng loại thủ tục đã được UBND tỉnh công bố,...", italic=True),
        "); đăng tải kịp thời các thủ tục hành chính thuộc thẩm quyền giải "
        "quyết của Sở lên trên trang thông tin điện tử của Sở Xây dựng tạo điều kiện cho cá nhân, tổ chức"
        " tìm hiểu, giám sát và thực hiện thủ tục hành chính; công khai niêm yết địa chỉ tiếp nhận phản "
        "ánh kiến nghị về thủ tục hành chính.",
    ])
    vb.heading(
        "Thực hiện các nội dung Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện dân"
        " chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập:", 3)
    vb.paragraph(
        "Ban Giám đốc Sở đã chỉ đạo Bộ phận tiếp nhận – trả kết quả thực hiện nghiêm túc việc niêm yết "
        "công khai địa chỉ tiếp nhận phản ánh kiến nghị về quy định hành chính của cá nhân, tổ chức theo "
        "đúng quy định; lập sổ theo dõi nội dung phản ánh, kiến nghị đối với quy định hành chính của cá "
        "nhân, tổ chức. Kết quả tính từ đầu năm đến nay), Sở Xây dựng chưa nhận được phản ánh kiến nghị "
        "nào của tổ chức, cá nhân về quy định thủ tục hành chính thuộc thẩm quyền giải quyết của Sở."
    )
    vb.paragraph(
        "Bên cạnh đó, Sở Xây dựng đã thực hiện giải quyết thủ tục hành chính thuộc thẩm quyền của Sở cho "
        "tổ chức, cá nhân bảo đảm theo đúng quy định hiện hành, trong đó thường xuyên chú trọng tăng "
        "cường kiểm tra, giám sát việc giải quyết thủ tục hành chính tại đơn vị; kiên quyết xử lý đối với"
        " công chức có hành vi giải quyết thủ tục hành chính không đúng quy định, kéo dài thời gian giải "
        "quyết hồ sơ, gây phiền hà, nhũng nhiễu đối với tổ chức, cá nhân. Ban hành quy định và công khai "
        "tại nơi giải quyết thủ tục hành chính về trách nhiệm của công chức khi tiếp xúc, giải quyết công"
        " việc cho tổ chức và cá nhân khi đến làm việc tại Sở."
    )
    vb.paragraph(
        "Trong quá trình tổ chức thực hiện các quy định của pháp luật và giải pháp quản lý Nhà nước của "
        "ngành xây dựng, Sở thường xuyên chỉ đạo công chức lãnh đạo từ cấp Sở đến cấp phòng và công chức "
        "làm chuyên môn nghiệp vụ phải bám sát công việc và đi thực tế tại hiện trường để nắm bắt và đề "
        "xuất kịp thời các biện pháp tháo gỡ khó khăn, vướng mắc cho người dân, doanh nghiệp, đặc biệt là"
        " các công trình lớn như Dự án xử lý nước thải ở thành phố Trà Vinh, các công trình xây dựng cơ "
        "sở hạ tầng; thanh tra, kiểm tra, xử lý vi phạm về xây dựng kịp thời, đúng pháp luật."
    )
    vb.paragraph(
        "Hàng năm, tổ chức Hội nghị cán bộ, công chức cơ quan; qua hội nghị này tạo điều kiện cho công "
        "chức, viên chức được tham gia đóng góp vào các hoạt động của cơ quan và bàn các giải pháp cải "
        "thiện điều kiện làm việc, nâng cao đời sống công chức, viên chức."
    )
    vb.paragraph(
        "Tổ chức công đoàn Sở tăng cường trách nhiệm phối hợp trong việc triển khai cho toàn thể cán bộ, "
        "công chức, viên chức thực hiện các chỉ tiêu, nhiệm vụ đề ra theo Nghị quyết hội nghị cán bộ, "
        "công chức, viên chức. Thực hiện tốt nếp sống văn minh nơi công sở. Nội quy, Quy chế cơ quan, Quy"
        " chế tự chủ về biên chế tài chính đối với đơn vị hành chính sự nghiệp. Tổ chức quản lý và sử "
        "dụng có hiệu quả tài sản cơ quan, tiết kiệm kinh phí được cấp; thực hành tiết kiệm chống tiêu "
        "pha lãng phí, phòng chống tham nhũng và việc nhũng nhiễu của cán bộ công chức khi thực hiện "
        "nhiệm vụ. Công khai kinh phí hoạt động thực hiện theo đúng quy định. Phối hợp tốt với các đoàn "
        "thể trong công tác thực hành tiết kiệm chống lãng phí. Thực hiện các chế độ, chính sách liên "
        "quan đến quyền và lợi ích của cán bộ, đảng viên, công chức, viên chức trong ngành đúng quy định."
    )
    vb.heading("Về giải quyết khiếu nại, tố cáo của công dân và công tác tiếp công dân:", 3)
    vb.paragraph(
        "Công tác xử lý đơn thư thực hiện 100% số đơn thư phát sinh và tiếp nhận trong kỳ, không để đơn "
        "thư tồn đọng không được giải quyết; tổ chức thực hiện xác minh, kết luận và kiến nghị giải quyết"
        " khiếu nại, xử lý tố cáo thuộc thẩm quyền của Giám đốc Sở khi được giao theo quy định của pháp "
        "luật."
    )
    vb.paragraph(
        "Công tác thanh tra, tiếp dân và giải quyết đơn thư khiếu nại, tố cáo của công dân được cơ quan "
        "chú trọng quan tâm và làm tốt từ công tác tuyên truyền, công tác tổ chức thực hiện trên cơ sở "
        "quy định của pháp luật đến nay tại Sở Xây dựng không có vụ việc khiếu nại, tố cáo tồn đọng, bức "
        "xúc, kéo dài hoặc phức tạp, đông người thuộc lĩnh vực quản lý."
    )
    vb.heading("Thực hiện tốt “Nụ cười công sở” và các quy định về văn hóa công sở, quy tắc ứng xử:", 3)
    vb.paragraph([
        "Luôn nhắc nhở công chức, viên chức cơ quan trong quá trình thực thi công vụ nghiêm chỉnh chấp "
        "hành tốt các nội dung quy định tại Quyết định số 03/2007/QĐ-BNV ngày 26/2/2007 của Bộ Nội vụ về "
        "quy tắc ứng xử của cán bộ công chức, viên chức làm việc trong bộ máy chính quyền địa phương và "
        "Quyết định số 129/2007/QĐ-TTg ngày 02/8/2007 về quy chế văn hóa công sở tại các cơ quan hành "
        "chính nhà nước, đặc biệt Ban Giám đốc Sở luôn quan tâm chú ý thái độ giao tiếp của các công chức"
        " làm việc tại Bộ phận tiếp nhận - trả kết quả đối với cá nhân, tổ chức khi đến liên hệ công tác "
        "nhằm chỉ đạo chấn chỉnh kịp thời (",
        Run("Điển hình: Sở Xây dựng ban hành Quyết định số 79/QĐ-SXD ngày 31/12/2007 của Sở Xây dựng "
            "Trà Vinh về việc ban hành Quy chế văn hóa công sở tại Sở Xây dựng Trà Vinh; Quyết định số "
            "22/QĐ-SXD ngày 19/02/2013 của Sở Xây dựng Trà Vinh về việc ban hành Quy tắc ứng xử của cán "
            "bộ, công chức, viên chức tại đơn vị", italic=True),
        ").",
    ])
    vb.heading("Đánh giá chung:", 1)
    vb.paragraph(
        "Qua thực tiễn triển khai mô hình “Chính quyền, công sở thân thiện” năm 2020 tại đơn vị nhận "
        "thấy:"
    )
    vb.paragraph(
        "Rất nhiều người dân, cá nhân và tổ chức đã đánh giá cao mô hình “Chính quyền, công sở thân "
        "thiện” đang được đơn vị triển khai. Nhìn chung, bước đầu tạo chuyển biến mạnh mẽ trong lề lối "
        "làm việc của công chức, viên chức, sự chuyển biến tích cực về nhận thức, trách nhiệm của công "
        "chức, viên chức trên cơ sở quán triệt các quan điểm, chủ trương của Đảng, chính sách, pháp luật "
        "Nhà nước, tư tưởng Hồ Chí Minh về công tác chính quyền trong tình hình mới, phong cách, thái độ "
        "phục vụ nhà đầu tư, doanh nghiệp gần gũi, nhẹ nhàng, vui vẻ, thân thiện với cá nhân, tổ chức "
        "trên địa bàn tỉnh; góp phần từng bước chuyển từ chính quyền quản lý sang chính quyền thân "
        "thiện”."
    )
    vb.paragraph(
        "Đối với Sở Xây dựng nhìn chung đã có nhiều bước chuyển biến mới ghi nhận được thái độ làm việc "
        "của công chức, viên chức nghiêm túc và chấn chỉnh, sửa đổi những hạn chế của cơ quan; tích cực "
        "thay đổi, bố trí lại nơi làm việc, nơi tiếp công dân sạch đẹp, thông thoáng. Từ đó, đã thể hiện "
        "ý thức trách nhiệm cao trong việc thay đổi cách thức phục vụ nhân dân như công khai chức năng, "
        "nhiệm vụ của công chức, viên chức; công khai số điện thoại của Lãnh đạo Sở để nhân dân thực hiện"
        " chức năng kiểm tra, giám sát... Tất cả những việc làm đã thể hiện được quyết tâm của lãnh đạo "
        "Sở cùng đội ngũ công chức và người lao động trong việc xây dựng bộ máy chính quyền vì Nhà đầu "
        "tư, doanh nghiệp, thực hiện giải quyết kịp thời các khó khăn, vướng mắc của nhà đầu tư, doanh "
        "nghiệp."
    )
    vb.paragraph(
        "“Chính quyền, công sở thân thiện” đã đi vào thực chất và đã góp phần quan trọng, tích cực trong "
        "việc nâng cao chất lượng, hiệu quả hoạt động của chính quyền, cơ quan Nhà nước, góp phần cải "
        "thiện và nâng cao Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI). “Việc xây dựng mô"
        " hình này thực chất là sự gắn kết hệ thống và làm nền tảng cơ sở nhằm nâng cao chất lượng hiệu "
        "quả của hoạt động chính quyền, cơ quan Nhà nước, trong đó tập trung thực hiện công tác cải cách "
        "thủ tục hành chính, quy chế dân chủ, văn hóa công sở, quy tắc ứng xử..."
    )
    vb.paragraph(
        "Qua thực hiện, mô hình “Chính quyền, công sở thân thiện” đã góp phần xây dựng hình ảnh Sở Xây "
        "dựng gần gũi, ân cần, chu đáo và đồng hành cùng với cá nhân, tổ chức trong thực hiện giải quyết "
        "thủ tục hành chính thuộc lĩnh vực ngành Xây dựng."
    )
    vb.paragraph(
        "Trên đây là báo cáo tổng kết tình hình thực hiện mô hình “Chính quyền, công sở thân thiện” năm "
        "2020 tại Sở Xây dựng, báo cáo Sở Nội vụ Trà Vinh biết, tổng hợp"  # the writer adds "./."
    )
    return vb


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("cách dùng: python examples/build_with_python.py [out.docx]", file=sys.stderr)
        return 2
    out = Path(args[0] if args else DEFAULT_OUTPUT)
    written = build().save(out)
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
