package bot

// The words of polishing by a language model (polish.go): the secretary's /polish setting,
// the 「润色」 button under a document, and the one line that says how it went.

// The command, as the menu and /help describe it.
var descPolish = Text{ZH: "开启或关闭语言模型润色", EN: "Turn polishing by a language model on or off"}

// /polish and its two settings.
var (
	msgPolishUnavailable = Text{ZH: "本系统未配置语言模型（llm.endpoint），暂不能润色。如需要，请联系管理员配置，建议使用单位内部部署的模型。",
		EN: "No language model is configured (llm.endpoint), so polishing is not available. Ask the administrator; a model run inside the organisation is recommended."}
	msgAskPolish = Text{ZH: "润色现在%s。\n\n开启后，/report 生成报告后会提供「润色」按钮：报告正文的句子（不含标题和表格）会发送到语言模型 %s 改写得更通顺；改动了数字、日期、人名或标题的句子保留原文。请选择：",
		EN: "Polishing is %s now.\n\nWhen on, /report offers a 「润色」 button after the report: the sentences of its body text (no headings or tables) are sent to the language model at %s to be reworded; a sentence whose rewrite changes a number, date, name or title keeps its original wording. Choose:"}
	msgPolishSet = Text{ZH: "已%s润色。", EN: "Polishing is %s."}
	polishNames  = map[bool]Text{true: {ZH: "开启", EN: "on"}, false: {ZH: "关闭", EN: "off"}}
	btnPolishOn  = Text{ZH: "开启润色", EN: "Turn on"}
	btnPolishOff = Text{ZH: "关闭润色", EN: "Turn off"}
)

// The 「润色」 offer and its outcome.
var (
	msgPolishOffer    = Text{ZH: "需要润色报告的文字吗？数字、日期、人名和标题保持不变。", EN: "Polish the report's wording? Numbers, dates, names and titles stay as they are."}
	msgPolishOfferMat = Text{ZH: "需要润色材料的文字吗？数字、日期、人名和标题保持不变，每句的来源批注保留。", EN: "Polish the material's wording? Numbers, dates, names and titles stay as they are; each sentence keeps its source comment."}
	btnPolish         = Text{ZH: "润色", EN: "Polish"}
	msgPolishCaption  = Text{ZH: "%s（润色稿，请核对后使用）", EN: "%s (polished draft: check before use)"}
	msgPolishDone     = Text{ZH: "润色了 %d 句，%d 句保留原文（改动了%s）。", EN: "Polished %d sentences; %d kept their original wording (the rewrite changed a %s)."}
	msgPolishAllDone  = Text{ZH: "润色了 %d 句，其余句子保持原文。", EN: "Polished %d sentences; the others are unchanged."}
	msgPolishNothing  = Text{ZH: "语言模型没有改动任何句子，文字保持原样。", EN: "The language model changed no sentence; the text stays as it was."}
	msgPolishTimeout  = Text{ZH: "润色未完成：语言模型没有及时回答，文字保持原样。", EN: "Not polished: the language model did not answer in time; the text stays as it was."}
	msgPolishRefused  = Text{ZH: "润色未完成：语言模型拒绝了请求，文字保持原样。", EN: "Not polished: the language model refused; the text stays as it was."}
	msgPolishFailed   = Text{ZH: "润色未完成：语言模型的回答无法使用，文字保持原样。", EN: "Not polished: the language model's answer could not be used; the text stays as it was."}
	msgPolishOff      = Text{ZH: "润色已关闭（/polish 可开启）。", EN: "Polishing is off (/polish turns it on)."}
	polishReasonNames = map[string]Text{
		"number": {ZH: "数字", EN: "number"},
		"date":   {ZH: "日期", EN: "date"},
		"name":   {ZH: "人名", EN: "name"},
		"title":  {ZH: "标题或待补充标记", EN: "title or mark"},
		"shape":  {ZH: "句子结构", EN: "sentence's form"},
	}
)
