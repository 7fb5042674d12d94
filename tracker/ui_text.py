"""The words of the user interface, in Vietnamese (default) and English."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"vi": "Theo dõi GPMB và giải ngân", "en": "Land clearance and disbursement"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "as_of": {"vi": "Số liệu tính đến", "en": "Figures as of"},
    "projects": {"vi": "Dự án", "en": "Projects"},
    "all_projects": {"vi": "Tất cả dự án", "en": "All projects"},
    "cleared": {"vi": "Đã bàn giao", "en": "Handed over"},
    "pct_basic": {"vi": "% TKCS", "en": "% basic design"},
    "pct_technical": {"vi": "% TKKT", "en": "% technical design"},
    "remaining": {"vi": "Còn lại (TKKT)", "en": "Remaining (technical)"},
    "change": {"vi": "so với kỳ trước", "en": "since previous report"},
    "disbursement": {
        "vi": "Giải ngân vốn đầu tư công toàn tỉnh",
        "en": "Province-wide public-investment disbursement",
    },
    "disbursed_bn": {"vi": "Đã giải ngân (tỷ đồng)", "en": "Disbursed (billion VND)"},
    "pct_central": {"vi": "% KH Trung ương giao", "en": "% of centrally assigned plan"},
    "pct_local": {"vi": "% KH địa phương triển khai", "en": "% of locally deployed plan"},
    "national_avg": {"vi": "Bình quân cả nước", "en": "National average"},
    "warnings": {
        "vi": "Số liệu công bố không khớp",
        "en": "Published figures that do not reconcile",
    },
    "synthetic_note": {
        "vi": "Dữ liệu minh hoạ: tổng số khớp với số liệu đã công bố; phân bổ theo xã, theo tuần "
        "và hướng tuyến là số liệu tổng hợp/minh hoạ, không phải số liệu khảo sát.",
        "en": "Demo data: totals match published figures; the split by commune and week and the "
        "alignments are synthetic/indicative, not surveyed.",
    },
    "by_commune": {"vi": "Chi tiết theo xã, phường", "en": "By commune"},
    "dropped": {
        "vi": "Đã bỏ qua tham số không hợp lệ trong đường dẫn",
        "en": "Ignored invalid link parameters",
    },
    "no_data": {
        "vi": "Chưa có số liệu. Chạy `python -m tracker init --demo` hoặc tải lên báo cáo.",
        "en": "No figures yet. Run `python -m tracker init --demo` or upload a report.",
    },
    "error": {"vi": "Có lỗi", "en": "Error"},
    "kpi_caption": {
        "vi": "Nguồn: {source}; báo cáo ngày {date}",
        "en": "Source: {source}; reported {date}",
    },
    "commune": {"vi": "Xã/phường", "en": "Commune"},
    "project": {"vi": "Dự án", "en": "Project"},
    "required_basic": {"vi": "DT theo TKCS (ha)", "en": "Basic design (ha)"},
    "required_technical": {"vi": "DT theo TKKT (ha)", "en": "Technical design (ha)"},
    "cleared_ha": {"vi": "Đã bàn giao (ha)", "en": "Handed over (ha)"},
    "change_ha": {"vi": "Thay đổi (ha)", "en": "Change (ha)"},
    "report_date": {"vi": "Ngày báo cáo", "en": "Report date"},
    "households_relocated": {"vi": "Hộ đã di dời", "en": "Households relocated"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "upload": {"vi": "Lần tải lên", "en": "Upload"},
    # The board's map view.
    "tab_map": {"vi": "Bản đồ", "en": "Map"},
    "name": {"vi": "Tên", "en": "Name"},
    "tab_upload": {"vi": "Tải lên", "en": "Upload"},
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "kind": {"vi": "Loại dự án", "en": "Project kind"},
    "all_kinds": {"vi": "Tất cả loại dự án", "en": "All kinds"},
    "kind_expressway": {"vi": "Cao tốc", "en": "Expressway"},
    "kind_wind_farm": {"vi": "Điện gió", "en": "Wind farm"},
    "kind_line_500kv": {"vi": "Đường dây 500kV", "en": "500 kV line"},
    "kind_line_220kv": {"vi": "Đường dây 220kV", "en": "220 kV line"},
    "kind_border_gate": {"vi": "Cửa khẩu", "en": "Border gate works"},
    "kind_other": {"vi": "Dự án khác", "en": "Other project"},
    "kind_programme": {"vi": "Kế hoạch đầu tư công", "en": "Public investment plan"},
    "communes": {"vi": "Xã, phường", "en": "Communes"},
    "all_communes": {"vi": "Tất cả xã, phường", "en": "All communes"},
    "commune_code": {"vi": "Mã xã", "en": "Commune code"},
    "metric": {"vi": "Tô màu theo", "en": "Colour communes by"},
    "metric_clearance_pct": {"vi": "% đã bàn giao", "en": "% cleared"},
    "metric_remaining_ha": {"vi": "Diện tích còn lại (ha)", "en": "Area remaining (ha)"},
    "metric_households_relocated": {"vi": "Số hộ đã di dời", "en": "Households relocated"},
    "metric_disbursement_pct": {"vi": "% giải ngân", "en": "% disbursed"},
    "baseline": {"vi": "So với", "en": "Against"},
    "baseline_TKKT": {"vi": "Thiết kế kỹ thuật (TKKT)", "en": "Technical design (TKKT)"},
    "baseline_TKCS": {"vi": "Thiết kế cơ sở (TKCS)", "en": "Basic design (TKCS)"},
    "baseline_central": {"vi": "KH vốn Trung ương giao", "en": "Centrally assigned plan"},
    "baseline_local": {"vi": "KH địa phương triển khai", "en": "Locally deployed plan"},
    "basemap": {"vi": "Nền bản đồ", "en": "Base map"},
    "basemap_none": {"vi": "Không (dùng được khi không có mạng)", "en": "None (works offline)"},
    "basemap_osm": {"vi": "OpenStreetMap (cần Internet)", "en": "OpenStreetMap (needs internet)"},
    "basemap_custom": {"vi": "Máy chủ bản đồ nội bộ", "en": "Intranet tile server"},
    "basemap_unavailable": {
        "vi": "Chưa cấu hình máy chủ bản đồ nội bộ (TRACKER_TILE_URL); bản đồ không dùng nền.",
        "en": "No intranet tile server is configured (TRACKER_TILE_URL); the map has no base.",
    },
    "as_of_slider": {"vi": "Tuần báo cáo", "en": "Report week"},
    "as_of_snapped": {
        "vi": "Không có báo cáo ngày {asked}; hiển thị số liệu tính đến {shown}.",
        "en": "No report on {asked}; showing figures as of {shown}.",
    },
    "as_of_too_early": {
        "vi": "Chưa có báo cáo nào trước ngày {asked}; hiển thị báo cáo mới nhất.",
        "en": "No report before {asked}; showing the latest report.",
    },
    "map_heading": {"vi": "Bản đồ xã, phường", "en": "Communes map"},
    "map_hint": {
        "vi": "Bấm vào một xã để xem chi tiết. Tên xã hiện khi phóng to.",
        "en": "Click a commune for its detail. Names appear as you zoom in.",
    },
    "legend_no_data": {"vi": "Không có dự án", "en": "No project"},
    "legend_surveyed": {"vi": "Tuyến đã khảo sát", "en": "Surveyed alignment"},
    "legend_indicative": {
        "vi": "Nét đứt: hướng tuyến minh hoạ",
        "en": "Dashed: indicative alignment",
    },
    "indicative": {"vi": "minh hoạ", "en": "indicative"},
    "surveyed": {"vi": "đã khảo sát", "en": "surveyed"},
    "tip_as_of": {"vi": "Số liệu tính đến {date}", "en": "Figures as of {date}"},
    "tip_reported": {"vi": "báo cáo ngày {date}", "en": "reported {date}"},
    "legend_blockers": {
        "vi": "Xã có vướng mắc chưa xử lý (đỏ: quá hạn)",
        "en": "Open blockers (red: overdue)",
    },
    "tip_blockers": {
        "vi": "{name}: {n} vướng mắc chưa xử lý, {late} quá hạn",
        "en": "{name}: {n} unresolved blockers, {late} overdue",
    },
    "tip_no_project": {"vi": "Không có dự án được chọn", "en": "No selected project"},
    "detail_heading": {"vi": "Chi tiết xã", "en": "Commune detail"},
    "detail_empty": {
        "vi": "Bấm vào một xã trên bản đồ để xem số liệu từng dự án và diễn biến theo tuần.",
        "en": "Click a commune on the map to see each project's figures and their weekly path.",
    },
    "detail_close": {"vi": "Đóng", "en": "Close"},
    "detail_none": {
        "vi": "Không có dự án được chọn đi qua xã này.",
        "en": "No selected project crosses this commune.",
    },
    "history": {"vi": "Diễn biến", "en": "History"},
    "kpi_heading": {"vi": "Giải phóng mặt bằng", "en": "Land clearance"},
    "total": {"vi": "Tổng các dự án đã chọn", "en": "All selected projects"},
    "remaining_baseline": {"vi": "Còn lại ({baseline})", "en": "Remaining ({baseline})"},
    "pct_baseline": {"vi": "% {baseline}", "en": "% of {baseline}"},
    "week_change": {"vi": "so với tuần trước", "en": "since previous week"},
    "commune_scope": {
        "vi": "Chỉ tính các xã đã chọn: {communes}",
        "en": "Only the selected communes: {communes}",
    },
    "s_curve": {
        "vi": "Tiến độ GPMB lũy kế so với thiết kế",
        "en": "Cumulative clearance against design",
    },
    "series_cleared": {"vi": "Đã bàn giao", "en": "Handed over"},
    "series_basic": {"vi": "Theo TKCS", "en": "Basic design (TKCS)"},
    "series_technical": {"vi": "Theo TKKT", "en": "Technical design (TKKT)"},
    "date": {"vi": "Ngày", "en": "Date"},
    "ha": {"vi": "ha", "en": "ha"},
    "disbursement_by_source": {
        "vi": "Giải ngân theo nguồn vốn (% kế hoạch)",
        "en": "Disbursement by capital source (% of plan)",
    },
    "source_central": {"vi": "Vốn NSTW", "en": "Central budget"},
    "source_local": {"vi": "Vốn NSĐP", "en": "Local budget"},
    "source_other": {"vi": "Nguồn khác", "en": "Other"},
    "source_total": {"vi": "Tổng", "en": "Total"},
    "monthly": {"vi": "Giải ngân lũy kế theo tháng", "en": "Cumulative disbursement by month"},
    "bn": {"vi": "tỷ đồng", "en": "billion VND"},
    "month": {"vi": "Tháng", "en": "Month"},
    "plan_central_line": {"vi": "KH TW giao", "en": "Central plan"},
    "plan_local_line": {"vi": "KH ĐP triển khai", "en": "Local plan"},
    "disbursement_scope_projects": {
        "vi": "Các dự án đã chọn: {projects}",
        "en": "Selected projects: {projects}",
    },
    "disbursement_scope_province": {
        "vi": "Toàn tỉnh (kế hoạch đầu tư công)",
        "en": "Province-wide (public investment plan)",
    },
    "lagging": {"vi": "Xã đang chậm", "en": "Communes holding projects back"},
    "lagging_pct": {"vi": "% đã bàn giao thấp nhất", "en": "Least % cleared"},
    "lagging_remaining": {"vi": "Còn lại nhiều nhất (ha)", "en": "Most area remaining (ha)"},
    "downloads": {"vi": "Tải về", "en": "Downloads"},
    "download_csv": {"vi": "Số liệu (CSV)", "en": "Figures (CSV)"},
    "download_xlsx": {"vi": "Số liệu (Excel)", "en": "Figures (Excel)"},
    "download_map": {"vi": "Bản đồ (HTML, xem không cần mạng)", "en": "Map (HTML, works offline)"},
    "share": {"vi": "Đường dẫn tới đúng màn hình này", "en": "Link to exactly this view"},
    "share_hint": {
        "vi": "Sao chép và gửi vào nhóm: ai mở cũng thấy cùng bộ lọc.",
        "en": "Copy it into the group chat: whoever opens it sees the same filters.",
    },
    "note": {"vi": "Ghi chú", "en": "Note"},
    "sheet_name": {"vi": "So lieu", "en": "Figures"},
    "national_avg_short": {"vi": "BQ cả nước", "en": "National average"},
    "no_clearance": {
        "vi": "Các dự án đã chọn chưa có số liệu GPMB tại ngày này.",
        "en": "The selected projects have no land clearance figures at this date.",
    },
    "upload_status_committed": {"vi": "đã ghi", "en": "committed"},
    "upload_status_undone": {"vi": "đã hoàn tác", "en": "undone"},
    "upload_col_id": {"vi": "Số", "en": "No."},
    "upload_col_status": {"vi": "Trạng thái", "en": "Status"},
    "upload_col_kind": {"vi": "Loại", "en": "Kind"},
    "upload_col_file": {"vi": "Tệp", "en": "File"},
    "upload_col_user": {"vi": "Người tải lên", "en": "Uploaded by"},
    "upload_col_at": {"vi": "Lúc (UTC)", "en": "At (UTC)"},
    "upload_col_rows": {"vi": "Số dòng", "en": "Rows"},
    "upload_col_new": {"vi": "Dòng mới", "en": "New"},
    "upload_col_changed": {"vi": "Dòng đổi", "en": "Changed"},
    "upload_col_status_by": {"vi": "Người đổi trạng thái", "en": "Status set by"},
    # The upload tab and sign-in.
    "form_read_with_layout": {
        "vi": "Tệp không theo mẫu của hệ thống; đã đọc theo cách đọc đã lưu '{name}'.",
        "en": "The file is not the tracker's template; it was read with the saved layout '{name}'.",
    },
    "form_read_automatically": {
        "vi": "Tệp không theo mẫu của hệ thống: hệ thống đã tự nhận dạng biểu mẫu. Kiểm tra cách "
        "đọc dưới đây, sửa nếu cần, rồi lưu lại để tuần sau tải lên một bước.",
        "en": "The file is not the tracker's template, so the form was recognised automatically. "
        "Check how it was read below, correct it if needed, and save it so next week's file "
        "imports in one step.",
    },
    "form_how_read": {"vi": "Cách đọc tệp", "en": "How the file was read"},
    "form_col_letter": {"vi": "Cột", "en": "Column"},
    "form_col_header": {"vi": "Tiêu đề cột trong tệp", "en": "Header in the file"},
    "form_col_field": {"vi": "Đọc thành", "en": "Read as"},
    "form_col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "form_correct": {"vi": "Sửa cách đọc", "en": "Correct the reading"},
    "form_header_rows": {"vi": "Số dòng tiêu đề cột", "en": "Header rows"},
    "form_project": {"vi": "Dự án (nếu tệp không ghi)", "en": "Project (if the file has none)"},
    "form_from_file": {"vi": "theo tệp", "en": "from the file"},
    "form_as_of": {"vi": "Ngày số liệu (nếu tệp không ghi)", "en": "As of (if the file has none)"},
    "form_apply": {"vi": "Đọc lại theo lựa chọn này", "en": "Read again with these choices"},
    "form_save_title": {"vi": "Lưu cách đọc", "en": "Save this reading"},
    "form_save_help": {
        "vi": "Lưu thành một cách đọc có tên: tuần sau, tệp cùng biểu mẫu sẽ được đọc ngay. Lưu "
        "lại cùng tên sẽ tạo phiên bản mới.",
        "en": "Save it as a named layout: next week a file of the same form is read straight "
        "away. Saving the same name again adds a new version.",
    },
    "form_layout_name": {"vi": "Tên cách đọc", "en": "Layout name"},
    "form_save": {"vi": "Lưu cách đọc", "en": "Save layout"},
    "form_saved": {
        "vi": "Đã lưu cách đọc '{name}' (phiên bản {version}, {when}).",
        "en": "Layout '{name}' saved (version {version}, {when}).",
    },
    "form_preview": {"vi": "Xem trước số liệu sẽ ghi", "en": "Preview of the figures to write"},
    "upload_templates": {"vi": "Mẫu báo cáo", "en": "Templates"},
    "upload_template_clearance": {"vi": "Mẫu GPMB", "en": "Clearance template"},
    "upload_template_disbursement": {"vi": "Mẫu giải ngân", "en": "Disbursement template"},
    "upload_template_status": {"vi": "Mẫu tình trạng dự án", "en": "Project status template"},
    "upload_sign_in": {"vi": "Đăng nhập để tải lên", "en": "Sign in to upload"},
    "upload_viewer_note": {
        "vi": "Người xem chỉ đọc được số liệu. Tải lên và hoàn tác cần tài khoản biên tập viên.",
        "en": "Viewers can only read. Uploading and undoing need an editor account.",
    },
    "upload_change_password": {
        "vi": "Đổi mật khẩu dùng một lần trước khi tải lên",
        "en": "Change the one-time password before uploading",
    },
    "upload_new_password": {
        "vi": "Mật khẩu mới (ít nhất 10 ký tự)",
        "en": "New password (at least 10 characters)",
    },
    "upload_save_password": {"vi": "Lưu mật khẩu", "en": "Save password"},
    "upload_file": {
        "vi": "Tệp báo cáo tuần: theo mẫu, hoặc biểu mẫu của đơn vị (CSV, .xlsx, .xls, .ods)",
        "en": "Weekly report file: the template, or the office's own form (CSV, .xlsx, .xls, .ods)",
    },
    "upload_kind": {"vi": "Loại báo cáo", "en": "Report kind"},
    "upload_kind_auto": {"vi": "Tự nhận theo tiêu đề cột", "en": "Tell from the headers"},
    "upload_kind_clearance": {"vi": "GPMB", "en": "Clearance"},
    "upload_kind_disbursement": {"vi": "Giải ngân", "en": "Disbursement"},
    "upload_kind_status": {"vi": "Tình trạng dự án", "en": "Project status"},
    "upload_checking": {"vi": "Đang kiểm tra tệp…", "en": "Checking the file…"},
    "upload_checked": {"vi": "Đã kiểm tra {rows} dòng", "en": "Checked {rows} rows"},
    "upload_refused": {
        "vi": "Tệp có {n} lỗi nên chưa ghi gì. Sửa các ô dưới đây rồi tải lên lại.",
        "en": "The file has {n} errors, so nothing was written. Fix the cells below and "
        "upload again.",
    },
    "upload_first_error": {
        "vi": "Lỗi đầu tiên (dòng {row}): {message}",
        "en": "First error (row {row}): {message}",
    },
    "upload_report": {"vi": "Tải báo cáo kiểm tra (CSV)", "en": "Download the check report (CSV)"},
    "upload_duplicate": {
        "vi": "Tệp này giống hệt lần tải lên số {id}; không có gì thay đổi.",
        "en": "This file is identical to upload {id}; nothing would change.",
    },
    "upload_rows_new": {"vi": "Dòng mới", "en": "New rows"},
    "upload_rows_changed": {"vi": "Dòng thay đổi", "en": "Changed rows"},
    "upload_rows_unchanged": {"vi": "Không đổi", "en": "Unchanged rows"},
    "upload_movements": {"vi": "Thay đổi lớn nhất", "en": "Biggest movements"},
    "upload_notices": {"vi": "Lưu ý", "en": "Notices"},
    "upload_commit": {"vi": "Ghi vào cơ sở dữ liệu", "en": "Commit to the database"},
    "upload_committed": {"vi": "Đã ghi: lần tải lên số {id}.", "en": "Committed as upload {id}."},
    "upload_history": {"vi": "Lịch sử tải lên", "en": "Upload history"},
    "upload_undo": {"vi": "Hoàn tác lần tải lên", "en": "Undo an upload"},
    "upload_undo_confirm": {
        "vi": "Tôi hiểu số liệu của lần tải lên này sẽ không còn được tính",
        "en": "I understand this upload's figures will stop counting",
    },
    "upload_undo_button": {"vi": "Hoàn tác", "en": "Undo"},
    "upload_undone": {"vi": "Đã hoàn tác lần tải lên số {id}.", "en": "Upload {id} undone."},
    "lagging_none": {
        "vi": "Không có xã, phường nào còn diện tích phải bàn giao.",
        "en": "No commune has area left to hand over.",
    },
    # Blockers (vướng mắc).
    "tab_blockers": {"vi": "Vướng mắc", "en": "Blockers"},
    "blockers_heading": {"vi": "Vướng mắc đang chờ xử lý", "en": "Open blockers"},
    "blockers_none": {
        "vi": "Không có vướng mắc nào chưa xử lý trong phạm vi đang xem.",
        "en": "No unresolved blocker in this view.",
    },
    "blockers_overdue": {
        "vi": "{n} vướng mắc quá hạn xử lý",
        "en": "{n} blockers past their due date",
    },
    "blockers_by_category": {"vi": "Theo nhóm vướng mắc", "en": "By category"},
    "blockers_by_agency": {"vi": "Theo cơ quan chủ trì", "en": "By responsible agency"},
    "blockers_count": {"vi": "Số vướng mắc", "en": "Blockers"},
    "blockers_open_label": {"vi": "Chưa quá hạn", "en": "Not yet due"},
    "blockers_overdue_label": {"vi": "Quá hạn", "en": "Overdue"},
    "blockers_in_commune": {"vi": "Vướng mắc tại xã", "en": "Blockers here"},
    "blockers_log": {"vi": "Nhật ký vướng mắc", "en": "Blocker log"},
    "blockers_filter_none": {
        "vi": "Không có xã, phường nào có vướng mắc phù hợp bộ lọc; bỏ bộ lọc vướng mắc để xem "
        "toàn bộ.",
        "en": "No commune has a blocker matching the filter; clear the blocker filter to see "
        "everything.",
    },
    "blockers_filter_scope": {
        "vi": "Chỉ các xã có vướng mắc {which}: {communes}",
        "en": "Only communes with {which} blockers: {communes}",
    },
    "blocker_filter": {"vi": "Vướng mắc", "en": "Blockers"},
    "blocker_filter_all": {"vi": "Mọi xã", "en": "Every commune"},
    "blocker_filter_open": {
        "vi": "Xã có vướng mắc chưa xử lý",
        "en": "Communes with open blockers",
    },
    "blocker_filter_overdue": {
        "vi": "Xã có vướng mắc quá hạn",
        "en": "Communes with overdue blockers",
    },
    "blocker_which_open": {"vi": "chưa xử lý", "en": "open"},
    "blocker_which_overdue": {"vi": "quá hạn", "en": "overdue"},
    "category_filter": {"vi": "Nhóm vướng mắc", "en": "Blocker category"},
    "category_all": {"vi": "Mọi nhóm", "en": "Every category"},
    "blocker_category_compensation_price": {
        "vi": "Giá bồi thường",
        "en": "Compensation price",
    },
    "blocker_category_land_origin": {
        "vi": "Nguồn gốc đất, hồ sơ",
        "en": "Land origin or records",
    },
    "blocker_category_households_not_agreeing": {
        "vi": "Hộ dân chưa đồng thuận",
        "en": "Households not agreeing",
    },
    "blocker_category_resettlement_not_ready": {
        "vi": "Khu tái định cư chưa sẵn sàng",
        "en": "Resettlement site not ready",
    },
    "blocker_category_graves": {"vi": "Di dời mồ mả", "en": "Graves to relocate"},
    "blocker_category_forest_land": {"vi": "Chuyển đổi đất rừng", "en": "Forest-land conversion"},
    "blocker_category_utilities": {
        "vi": "Di dời hạ tầng kỹ thuật",
        "en": "Utilities to relocate",
    },
    "blocker_category_complaints_lawsuits": {
        "vi": "Khiếu nại, khởi kiện",
        "en": "Complaints and lawsuits",
    },
    "blocker_category_funds_not_allocated": {
        "vi": "Chưa bố trí vốn",
        "en": "Funds not allocated",
    },
    "blocker_category_other": {"vi": "Khác", "en": "Other"},
    "blocker_status_open": {"vi": "Chưa xử lý", "en": "Open"},
    "blocker_status_in_progress": {"vi": "Đang xử lý", "en": "In progress"},
    "blocker_status_resolved": {"vi": "Đã xử lý", "en": "Resolved"},
    "escalation_commune": {"vi": "Xã", "en": "Commune"},
    "escalation_province": {"vi": "Tỉnh", "en": "Province"},
    "escalation_ministry": {"vi": "Bộ, ngành", "en": "Ministry"},
    "escalation_government": {"vi": "Chính phủ", "en": "Government"},
    "col_blocker": {"vi": "Số", "en": "No."},
    "col_category": {"vi": "Nhóm", "en": "Category"},
    "col_description": {"vi": "Nội dung", "en": "Description"},
    "col_area": {"vi": "DT vướng (ha)", "en": "Area held (ha)"},
    "col_households": {"vi": "Số hộ", "en": "Households"},
    "col_agency": {"vi": "Cơ quan chủ trì", "en": "Agency"},
    "col_raised": {"vi": "Phát sinh", "en": "Raised"},
    "col_due": {"vi": "Hạn xử lý", "en": "Due"},
    "col_status": {"vi": "Trạng thái", "en": "Status"},
    "col_escalation": {"vi": "Cấp xử lý", "en": "Level"},
    "col_overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "col_comment": {"vi": "Diễn biến mới nhất", "en": "Latest comment"},
    "col_changed": {"vi": "Cập nhật", "en": "Updated"},
    "overdue_days": {"vi": "quá {n} ngày", "en": "{n} days late"},
    "comments_heading": {"vi": "Diễn biến", "en": "Comments"},
    "blocker_form_add": {"vi": "Thêm vướng mắc", "en": "Add a blocker"},
    "blocker_form_update": {
        "vi": "Cập nhật vướng mắc (chuyển cấp, giải quyết, ghi diễn biến)",
        "en": "Update a blocker (escalate, resolve, comment)",
    },
    "blocker_form_which": {"vi": "Vướng mắc", "en": "Blocker"},
    "blocker_form_date": {"vi": "Ngày cập nhật", "en": "Date of this change"},
    "blocker_form_project": {"vi": "Dự án", "en": "Project"},
    "blocker_form_commune": {"vi": "Xã, phường", "en": "Commune"},
    "blocker_form_no_commune": {"vi": "(không gắn với xã)", "en": "(no commune)"},
    "blocker_form_other": {"vi": "Nhóm khác (ghi rõ)", "en": "Other: what"},
    "blocker_form_description": {"vi": "Nội dung vướng mắc", "en": "What holds clearance up"},
    "blocker_form_area": {"vi": "Diện tích bị vướng (ha)", "en": "Area held up (ha)"},
    "blocker_form_households": {"vi": "Số hộ bị vướng", "en": "Households held up"},
    "blocker_form_agency": {"vi": "Cơ quan chủ trì xử lý", "en": "Agency that must act"},
    "blocker_form_due": {"vi": "Hạn xử lý", "en": "Due date"},
    "blocker_form_comment": {"vi": "Diễn biến, ý kiến", "en": "Comment"},
    "blocker_form_save": {"vi": "Ghi vướng mắc", "en": "Save the blocker"},
    "blocker_form_update_save": {"vi": "Ghi cập nhật", "en": "Save the change"},
    "blocker_saved": {
        "vi": "Đã ghi: lần tải lên số {id}.",
        "en": "Saved as upload {id}.",
    },
    "blocker_sign_in": {
        "vi": "Đăng nhập bằng tài khoản biên tập viên (thẻ Tải lên) để thêm hoặc cập nhật "
        "vướng mắc.",
        "en": "Sign in as an editor (Upload tab) to add or update blockers.",
    },
    "upload_template_blockers": {"vi": "Mẫu vướng mắc", "en": "Blocker template"},
    "upload_kind_blockers": {"vi": "Vướng mắc", "en": "Blockers"},
    "proposals_heading": {
        "vi": "Vướng mắc đề xuất từ cột 'Khó khăn, vướng mắc'",
        "en": "Proposed blockers from the 'Khó khăn, vướng mắc' column",
    },
    "proposals_hint": {
        "vi": "Chọn nhóm và cơ quan chủ trì cho những dòng muốn ghi thành vướng mắc, rồi xác nhận.",
        "en": "Choose a category and an agency for the rows to log as blockers, then confirm.",
    },
    "proposals_confirm": {"vi": "Xác nhận thành vướng mắc", "en": "Confirm as blockers"},
    "proposals_keep": {"vi": "Ghi", "en": "Log it"},
    "proposals_download": {
        "vi": "Tải tệp vướng mắc đề xuất (CSV)",
        "en": "Download the proposals as a blockers file (CSV)",
    },
    "proposals_none_chosen": {
        "vi": "Chưa chọn dòng nào đủ nhóm và cơ quan chủ trì.",
        "en": "No row has both a category and an agency yet.",
    },
    # Forecasts.
    "forecast_heading": {"vi": "Dự báo hoàn thành", "en": "Forecast completion"},
    "forecast_line": {
        "vi": "Với tốc độ {pace} ha/tuần ({pace_low}–{pace_high}), đạt 100% {baseline} khoảng "
        "{finish} (từ {earliest} đến {latest}).",
        "en": "At {pace} ha/week ({pace_low}–{pace_high}), 100% of {baseline} around {finish} "
        "({earliest} to {latest}).",
    },
    "forecast_not_at_slow_end": {"vi": "chưa xác định", "en": "not at the slow end"},
    "forecast_deadline": {
        "vi": "Hạn {kind} {deadline}: cần {required} ha/tuần, gấp {ratio} lần tốc độ hiện nay.",
        "en": "{kind} {deadline}: needs {required} ha/week, {ratio}× the recent pace.",
    },
    "forecast_deadline_passed": {
        "vi": "Hạn {kind} {deadline} đã qua mà còn {remaining} ha.",
        "en": "{kind} {deadline} has passed with {remaining} ha left.",
    },
    "forecast_deadline_kind_handover": {"vi": "bàn giao mặt bằng", "en": "Handover deadline"},
    "forecast_deadline_kind_planned_completion": {
        "vi": "hoàn thành dự án",
        "en": "Planned completion",
    },
    "forecast_no_deadline": {
        "vi": "Chưa có hạn bàn giao mặt bằng hay hạn hoàn thành dự án: không tính được tốc độ "
        "cần đạt.",
        "en": "No handover deadline or planned completion: the pace needed cannot be worked out.",
    },
    "forecast_tail": {
        "vi": "Các xã còn lại, mỗi xã theo tốc độ của mình, xong khoảng {date}.",
        "en": "The communes still to clear, each at its own pace, finish around {date}.",
    },
    "forecast_tail_never": {
        "vi": "Có xã còn lại không có tiến triển: theo tốc độ hiện nay sẽ không xong.",
        "en": "A commune still to clear is not moving: at this pace it never finishes.",
    },
    "forecast_blocked": {
        "vi": "{n} vướng mắc chưa xử lý tại các xã còn lại ({communes}): đường thẳng là lạc quan.",
        "en": "{n} unresolved blockers in the communes still to clear ({communes}): a straight "
        "line is optimistic.",
    },
    "forecast_done": {
        "vi": "Đã đạt 100% {baseline}.",
        "en": "100% of {baseline} reached.",
    },
    "forecast_too_few_reports": {
        "vi": "Chưa dự báo: mới có {n} báo cáo, cần ít nhất 3.",
        "en": "No forecast: {n} reports so far, at least 3 are needed.",
    },
    "forecast_no_baseline": {
        "vi": "Chưa dự báo: chưa có diện tích theo {baseline}.",
        "en": "No forecast: no {baseline} area to measure against.",
    },
    "forecast_no_progress": {
        "vi": "Chưa dự báo được ngày xong: các tuần gần đây không tăng diện tích bàn giao.",
        "en": "No finish date: the recent weeks added no area handed over.",
    },
    "at_risk_heading": {"vi": "Có nguy cơ chậm", "en": "At risk"},
    "at_risk_none": {
        "vi": "Không dự án nào có nguy cơ chậm theo dự báo.",
        "en": "No project is at risk on its forecast.",
    },
    "col_finish": {"vi": "Dự báo xong", "en": "Forecast finish"},
    "col_deadline": {"vi": "Hạn", "en": "Deadline"},
    "col_pace": {"vi": "Tốc độ (ha/tuần)", "en": "Pace (ha/week)"},
    "col_required": {"vi": "Cần (ha/tuần)", "en": "Needed (ha/week)"},
    "col_why": {"vi": "Lý do", "en": "Why"},
    "why_late": {"vi": "xong sau hạn", "en": "finishes after the deadline"},
    "why_tail": {"vi": "các xã còn lại chậm", "en": "the communes left are slow"},
    "why_faster": {"vi": "cần nhanh hơn hiện nay", "en": "needs a faster pace"},
    "why_blocked": {"vi": "còn vướng mắc", "en": "open blockers"},
    "series_forecast": {"vi": "Dự báo", "en": "Forecast"},
    "disbursement_forecast": {
        "vi": "Dự báo cuối năm: khoảng {amount} ({low}–{high}), {pct_central} KH TW giao, "
        "{pct_local} KH địa phương triển khai, theo tốc độ {monthly}/tháng.",
        "en": "Year-end projection: about {amount} ({low}–{high}), {pct_central} of the central "
        "plan, {pct_local} of the local plan, at {monthly} a month.",
    },
    "disbursement_forecast_too_few": {
        "vi": "Chưa dự báo cuối năm: mới có {n} báo cáo tháng, cần ít nhất 3.",
        "en": "No year-end projection: {n} monthly reports so far, at least 3 are needed.",
    },
    # The weekly brief.
    "brief_heading": {"vi": "Báo cáo tuần cho Ban chỉ đạo", "en": "Weekly board brief"},
    "brief_make": {"vi": "Tạo báo cáo tuần (.docx)", "en": "Make the weekly brief (.docx)"},
    "brief_download": {"vi": "Tải báo cáo tuần (.docx)", "en": "Download the weekly brief (.docx)"},
    "brief_progress": {"vi": "Đang tạo báo cáo…", "en": "Making the brief…"},
    "brief_ready": {"vi": "Báo cáo đã sẵn sàng", "en": "The brief is ready"},
    "brief_authority": {
        "vi": "UBND TỈNH {province}",
        "en": "{province} PROVINCIAL PEOPLE'S COMMITTEE",
    },
    "brief_board": {
        "vi": "BAN CHỈ ĐẠO GPMB CÁC DỰ ÁN TRỌNG ĐIỂM",
        "en": "STEERING BOARD FOR LAND CLEARANCE OF KEY PROJECTS",
    },
    "brief_nation": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIET NAM",
    },
    "brief_motto": {
        "vi": "Độc lập - Tự do - Hạnh phúc",
        "en": "Independence - Freedom - Happiness",
    },
    "brief_place_date": {
        "vi": "{province}, ngày {day} tháng {month} năm {year}",
        "en": "{province}, {date}",
    },
    "brief_title": {"vi": "BÁO CÁO TUẦN", "en": "WEEKLY BRIEF"},
    "brief_subtitle": {
        "vi": "Tiến độ giải phóng mặt bằng và giải ngân vốn đầu tư công",
        "en": "Land clearance and public-investment disbursement",
    },
    "brief_as_of": {"vi": "Tính đến ngày {date} (Tuần {week})", "en": "As of {date} (week {week})"},
    "brief_unit": {"vi": "ĐVT: ha; tỷ đồng", "en": "Units: ha; billion VND"},
    "brief_scope": {"vi": "Phạm vi: {scope}", "en": "Scope: {scope}"},
    "brief_section_headline": {"vi": "I. SỐ LIỆU CHÍNH", "en": "I. HEADLINE FIGURES"},
    "brief_section_map": {
        "vi": "II. BẢN ĐỒ TIẾN ĐỘ THEO XÃ, PHƯỜNG",
        "en": "II. MAP OF PROGRESS BY COMMUNE",
    },
    "brief_section_projects": {"vi": "III. TIẾN ĐỘ TỪNG DỰ ÁN", "en": "III. EACH PROJECT"},
    "brief_section_lagging": {
        "vi": "IV. CÁC XÃ, PHƯỜNG ĐANG CHẬM",
        "en": "IV. COMMUNES HOLDING PROJECTS BACK",
    },
    "brief_section_blockers": {
        "vi": "V. VƯỚNG MẮC CHƯA XỬ LÝ VÀ QUÁ HẠN",
        "en": "V. OPEN AND OVERDUE BLOCKERS",
    },
    "brief_section_forecasts": {"vi": "VI. DỰ BÁO", "en": "VI. FORECASTS"},
    "brief_section_sources": {
        "vi": "VII. NGUỒN SỐ LIỆU VÀ GHI CHÚ",
        "en": "VII. SOURCES AND NOTES",
    },
    "brief_disbursement": {
        "vi": "Giải ngân {scope}: {amount}, đạt {pct_central} kế hoạch vốn Trung ương giao "
        "(bình quân cả nước {national}) và {pct_local} kế hoạch địa phương triển khai.",
        "en": "Disbursement ({scope}): {amount}, {pct_central} of the centrally assigned plan "
        "(national average {national}) and {pct_local} of the locally deployed plan.",
    },
    "brief_total": {"vi": "TỔNG CỘNG", "en": "TOTAL"},
    "brief_no": {"vi": "STT", "en": "No."},
    "brief_prepared_by": {"vi": "NGƯỜI LẬP BIỂU", "en": "PREPARED BY"},
    "brief_head": {"vi": "TRƯỞNG BAN", "en": "HEAD OF THE BOARD"},
    "brief_generated": {
        "vi": "Lập tự động từ hệ thống theo dõi ngày {date}; số liệu khớp màn hình của đường dẫn: "
        "{link}",
        "en": "Made by the tracker on {date}; the figures match the screen of the link: {link}",
    },
    "brief_synthetic": {"vi": "minh hoạ", "en": "synthetic"},
    "brief_map_caption": {
        "vi": "Hình 1. {title}, tính đến {date}; chấm cam: xã có vướng mắc chưa xử lý "
        "(đỏ: quá hạn).",
        "en": "Figure 1. {title}, as of {date}; orange dots: communes with open blockers "
        "(red: overdue).",
    },
    "brief_step_figures": {"vi": "Đọc số liệu", "en": "Reading the figures"},
    "brief_step_map": {"vi": "Vẽ bản đồ", "en": "Drawing the map"},
    "brief_step_document": {"vi": "Soạn văn bản", "en": "Writing the document"},
    "access_sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "access_user": {"vi": "Tên đăng nhập", "en": "User name"},
    "access_password": {"vi": "Mật khẩu", "en": "Password"},
    "access_sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "access_signed_in": {
        "vi": "Đang đăng nhập: {user} ({role}; ghi được số liệu của {scope})",
        "en": "Signed in: {user} ({role}; may write figures of {scope})",
    },
    "access_expired": {
        "vi": "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.",
        "en": "Your session has expired. Sign in again.",
    },
    "access_gate": {
        "vi": "Trang này yêu cầu đăng nhập để xem.",
        "en": "This site asks you to sign in to view it.",
    },
    # Project status.
    "stage_identification": {"vi": "Đề xuất chủ trương", "en": "Identification"},
    "stage_preparation": {"vi": "Chuẩn bị đầu tư", "en": "Preparation"},
    "stage_procurement": {"vi": "Lựa chọn nhà thầu", "en": "Contractor selection"},
    "stage_implementation": {"vi": "Đang thực hiện", "en": "Implementation"},
    "stage_completion": {"vi": "Hoàn thành", "en": "Completion"},
    "stage_cancelled": {"vi": "Dừng, huỷ bỏ", "en": "Cancelled"},
    "stage_no_status": {"vi": "Chưa báo cáo tình trạng", "en": "No status reported"},
    "stage": {"vi": "Giai đoạn", "en": "Stage"},
    "stage_since": {"vi": "Từ ngày", "en": "Since"},
    "planned_start": {"vi": "Khởi công (kế hoạch)", "en": "Planned start"},
    "actual_start": {"vi": "Khởi công (thực tế)", "en": "Actual start"},
    "planned_completion": {"vi": "Hoàn thành (kế hoạch)", "en": "Planned completion"},
    "actual_completion": {"vi": "Hoàn thành (thực tế)", "en": "Actual completion"},
    "works_done": {"vi": "Khối lượng đã thực hiện", "en": "Works volume done"},
    "past_due_mark": {"vi": "⚠ quá hạn", "en": "⚠ past due"},
    "status_heading": {"vi": "Tình trạng dự án", "en": "Project status"},
    "map_no_clearance": {
        "vi": "Các dự án này không báo cáo giải phóng mặt bằng nên các xã để màu xám; các điểm cho "
        "biết dự án ở đâu (vị trí minh hoạ).",
        "en": "These projects report no land clearance, so the communes stay grey; the markers "
        "show where the projects are (indicative locations).",
    },
    "status_none": {
        "vi": "Các dự án đã chọn chưa có báo cáo tình trạng tại ngày này.",
        "en": "The selected projects have no status report at this date.",
    },
    "status_sources": {
        "vi": "Giai đoạn theo báo cáo tình trạng mới nhất đến ngày này; nguồn: {sources}.",
        "en": "Stages as of the newest status report up to this date; source: {sources}.",
    },
    # The national view.
    "national_title": {"vi": "Cả nước", "en": "The whole country"},
    "no_figures": {"vi": "không có số liệu", "en": "no data"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "view": {"vi": "Xem", "en": "View"},
    "provinces_with_figures": {"vi": "Tỉnh có số liệu giải ngân", "en": "Provinces reporting"},
    "national_avg_none": {
        "vi": "Chưa có số bình quân cả nước được công bố cho năm này.",
        "en": "No national average has been published for this year.",
    },
    "national_avg_source": {
        "vi": "Bình quân cả nước {pct} là số đã công bố, tính đến {date}: «{quote}» (nguồn: "
        "{source}).",
        "en": "The national average {pct} is a published figure, as of {date}: “{quote}” "
        "(source: {source}).",
    },
    "national_avg_other_plan": {
        "vi": "Số bình quân được công bố so với kế hoạch Trung ương giao nên không vẽ so với kế "
        "hoạch địa phương triển khai.",
        "en": "The average was published against the centrally assigned plan, so it is not drawn "
        "against the locally deployed plan.",
    },
    "ranking": {"vi": "Xếp hạng các tỉnh", "en": "Provinces ranked"},
    "provinces_without_figures": {
        "vi": "{count} tỉnh, thành phố chưa có số liệu giải ngân tại ngày này (tô xám trên bản "
        "đồ, không tính là 0%).",
        "en": "{count} provinces have no disbursement figure at this date (grey on the map, not "
        "counted as 0%).",
    },
    "open_short": {"vi": "Mở", "en": "Open"},
    "country_map_province": {
        "vi": "Bản đồ giải ngân theo tỉnh",
        "en": "Disbursement by province",
    },
    "country_map_commune": {"vi": "Bản đồ các xã, phường cả nước", "en": "Every commune"},
    "country_map_hint_province": {
        "vi": "Bấm vào một tỉnh để xem các xã, phường của tỉnh đó.",
        "en": "Click a province to open its communes.",
    },
    "country_map_hint_commune": {
        "vi": "Bấm vào một xã để mở xã đó trong tỉnh của nó. Phóng to để xem ranh giới chi tiết.",
        "en": "Click a commune to open it in its province. Zoom in for its detailed borders.",
    },
    "by_kind": {
        "vi": "Diện tích đã bàn giao và giải ngân theo loại dự án",
        "en": "Cleared area and disbursement by kind of project",
    },
    "by_kind_note": {
        "vi": "Kế hoạch đầu tư công của tỉnh đã gồm vốn của các dự án, nên các dòng không cộng "
        "lại với nhau.",
        "en": "A province's public-investment plan includes its projects' money, so the rows do "
        "not add up.",
    },
    "scope_province": {"vi": "Một tỉnh", "en": "One province"},
    "scope_national": {"vi": "Cả nước", "en": "Whole country"},
    "level": {"vi": "Bản đồ theo", "en": "Map by"},
    "level_province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "level_commune": {"vi": "Xã, phường", "en": "Commune"},
    "stages": {"vi": "Giai đoạn các dự án", "en": "Projects by stage"},
    "past_due": {"vi": "Quá hạn hoàn thành", "en": "Past planned completion"},
    "open": {"vi": "Mở xem theo xã", "en": "Open its communes"},
    "plan_bn": {"vi": "Kế hoạch", "en": "Plan"},
    "disbursed": {"vi": "Đã giải ngân", "en": "Disbursed"},
    "click_to_open": {
        "vi": "Bấm để xem các xã, phường của tỉnh",
        "en": "Click to open the province's communes",
    },
    "national_avg_published": {
        "vi": "Bình quân cả nước (công bố, tính đến {date}): {pct}",
        "en": "National average (published, as of {date}): {pct}",
    },
}


def t(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang`` (Vietnamese when the language is unknown)."""
    entry = TEXT[key]
    return entry.get(lang, entry["vi"])
