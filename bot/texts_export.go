package bot

// The words of /export (export.go): the branch's data as JSON.

// The command, as the menu and /help describe it.
var descExport = Text{ZH: "导出支部全部数据（JSON）", EN: "Export the whole branch (JSON)"}

// The caption of the exported file.
var msgExportCaption = Text{
	ZH: "%s 的全部数据。请妥善保管：文件含谈心谈话等个人内容。",
	EN: "All the data of %s. Keep it safe: it holds personal records such as talks.",
}
