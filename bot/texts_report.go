package bot

// The words of /report (report.go): the draft report of the meeting and its lists (the
// committee's and the members' 问题清单, the 整改台账) as .docx or .xlsx.

// The command, as the menu and /help describe it.
var descReport = Text{ZH: "生成开展情况报告（草稿）", EN: "Compile the draft report"}

// The compiled report and the buttons for its lists.
var (
	msgReportCaption = Text{ZH: "%s（草稿，可在 Word 中修改）", EN: "%s (draft, to edit in Word)"}
	msgReportMore    = Text{ZH: "还需要以下清单吗？", EN: "Would you like the lists too?"}
	btnBranchDOCX    = Text{ZH: "班子问题清单 Word", EN: "Committee's problem list (Word)"}
	btnBranchXLSX    = Text{ZH: "班子问题清单 Excel", EN: "Committee's problem list (Excel)"}
	btnProblemsDOCX  = Text{ZH: "党员问题清单 Word", EN: "Members' problem list (Word)"}
	btnProblemsXLSX  = Text{ZH: "党员问题清单 Excel", EN: "Members' problem list (Excel)"}
	btnLedgerDOCX    = Text{ZH: "整改台账 Word", EN: "Ledger (Word)"}
	btnLedgerXLSX    = Text{ZH: "整改台账 Excel", EN: "Ledger (Excel)"}
)
