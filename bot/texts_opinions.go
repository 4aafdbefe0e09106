package bot

// The words of 征求意见 (opinions.go): the secretary's /collect, the dialog of whoever opens
// the link, and the committee's /opinions with its adoption. The dialog speaks to people
// who may not be members, and says plainly that who they are is not kept.

// The commands, as the menu and /help describe them.
var (
	descCollect  = Text{ZH: "征求意见（生成意见收集链接）", EN: "Collect opinions (a link for anyone to leave them)"}
	descOpinions = Text{ZH: "查看征求到的意见并采纳", EN: "Read the opinions collected and take them up"}
)

// /collect.
var (
	msgOpAskCloses = Text{
		ZH: "为本次会议征求意见：凡打开链接的人（党员或非党员）都可以匿名提意见。\n请输入截止日期（最长 %d 天），例如 12月20日：",
		EN: "Collect opinions for this meeting: anyone who opens the link, member or not, may leave opinions without being named.\nType the last day opinions are taken (at most %d days ahead), e.g. 12-20:",
	}
	msgOpClosesFar = Text{ZH: "截止日期最长为 %d 天以后，请重新输入。", EN: "The last day can be at most %d days ahead; type another."}
	// %[1]s the closing day, %[2]d opinions, %[3]d people, %[4]s the link.
	msgOpOpened = Text{
		ZH: "已开始征求意见，%[1]s 截止（目前 %[2]d 条，%[3]d 人）。把下面的链接发给要征求意见的人：\n%[4]s\n提意见的人不会被记录；支委发送 /opinions 查看意见。",
		EN: "Collecting opinions until %[1]s (%[2]d so far, from %[3]d people). Send this link to those you ask:\n%[4]s\nWho left an opinion is not recorded; the committee reads them with /opinions.",
	}
	msgOpCollectOpen = Text{
		ZH: "正在征求意见，%[1]s 截止，已收到 %[2]d 条（%[3]d 人）。链接：\n%[4]s\n如需提前截止，请发送 /collect close。",
		EN: "Collecting opinions until %[1]s: %[2]d so far, from %[3]d people. The link:\n%[4]s\nTo close it early, send /collect close.",
	}
	msgOpNoneToClose = Text{ZH: "本次会议还没有征求意见，无需截止。发送 /collect 开始征求意见。", EN: "This meeting has no collection of opinions to close. Send /collect to start one."}
	// %[1]s the closing day, %[2]d opinions, %[3]d people.
	msgOpCollectClosed = Text{
		ZH: "本次会议的征求意见已于 %[1]s 截止，共收到 %[2]d 条（%[3]d 人）。发送 /opinions 查看。",
		EN: "This meeting's collection of opinions closed on %[1]s with %[2]d opinions from %[3]d people. Send /opinions to read them.",
	}
	msgOpShare = Text{ZH: "%s 征求意见：打开链接即可匿名提出意见和建议。", EN: "%s asks for your opinions: open the link to leave them, without being named."}
	btnOpShare = Text{ZH: "分享链接", EN: "Share link"}
)

// The dialog of the link.
var (
	msgOpLinkInvalid = Text{
		ZH: "这个征求意见链接已失效或已截止，谢谢您的关注。",
		EN: "This link for opinions is no longer open. Thank you for your interest.",
	}
	// %[1]s the branch, %[2]s the closing day.
	msgOpAskAbout = Text{
		ZH: "<b>%[1]s</b>正在征求意见（%[2]s 截止）。\n您的意见只记内容，不记录您是谁。\n您的意见是关于：",
		EN: "<b>%[1]s</b> asks for opinions (until %[2]s).\nOnly what you write is kept, never who you are.\nYour opinion is about:",
	}
	btnOpAboutBranch = Text{ZH: "支部和支部委员会", EN: "The branch and its committee"}
	msgOpAboutChosen = Text{ZH: "关于：<b>%s</b>", EN: "About: <b>%s</b>"}
	msgOpAskText     = Text{ZH: "请写下您的意见或建议（不超过 %d 字）：", EN: "Write your opinion or suggestion (at most %d characters):"}
	msgOpTooLong     = Text{ZH: "意见请控制在 %d 字以内，请精简后重新发送。", EN: "Please keep it within %d characters and send it again."}
	msgOpTooShort    = Text{ZH: "意见太短了，请写具体一些。", EN: "That is too short; please say a little more."}
	msgOpSenderLimit = Text{
		ZH: "感谢您的意见！每人最多可提 %d 条，您已提满。",
		EN: "Thank you! Each person may leave at most %d opinions, and you have.",
	}
	msgOpThanks = Text{
		ZH: "意见已收到，谢谢您！如还有意见，可再次打开链接：\n%s",
		EN: "Your opinion was received. Thank you! To leave another, open the link again:\n%s",
	}
)

// /opinions and the adoption.
var (
	msgOpNone = Text{
		ZH: "本次会议还没有征求意见。支部书记发送 /collect 开始。",
		EN: "No opinions are being collected for this meeting. The secretary starts with /collect.",
	}
	msgOpStateOpen   = Text{ZH: "%s 截止", EN: "until %s"}
	msgOpStateClosed = Text{ZH: "已于 %s 截止", EN: "closed on %s"}
	// %[1]s the state, %[2]d opinions, %[3]d people.
	msgOpListHead       = Text{ZH: "<b>征求意见</b>（%[1]s）：共 %[2]d 条（%[3]d 人）", EN: "<b>Opinions</b> (%[1]s): %[2]d from %[3]d people"}
	msgOpListEmpty      = Text{ZH: "还没有收到意见。", EN: "None yet."}
	lblOpAboutBranch    = Text{ZH: "支部班子", EN: "the branch"}
	lblOpAboutFormer    = Text{ZH: "已离开的党员", EN: "a former member"}
	msgOpAdoptedMark    = Text{ZH: "（已采纳）", EN: "(taken up)"}
	msgOpAdoptHint      = Text{ZH: "按「采纳」把一条意见记为查摆问题（群众提）。", EN: "Press Take up to record an opinion as a problem (raised by the masses)."}
	btnOpAdopt          = Text{ZH: "采纳 %d", EN: "Take up %d"}
	msgOpAlreadyAdopted = Text{ZH: "这条意见已经采纳过了。", EN: "That opinion was taken up already."}
	// %[1]s the opinion, %[2]s the member.
	msgOpAskArea = Text{
		ZH: "意见：%[1]s\n将这条意见记为 <b>%[2]s</b> 的查摆问题（群众提）。属于哪个方面？",
		EN: "The opinion: %[1]s\nIt becomes a point of <b>%[2]s</b>'s (raised by the masses). Which area?",
	}
	msgOpAskHeadline = Text{
		ZH: "意见：%[1]s\n将这条意见记为支部班子问题（群众提），意见作为具体表现。请输入问题标题（不超过 %[2]d 字）：",
		EN: "The opinion: %[1]s\nIt becomes a problem of the branch (raised by the masses), the opinion as how it shows. Type its headline (at most %[2]d characters):",
	}
	msgOpMemberGone     = Text{ZH: "这名党员已不在支部，无法记为其查摆问题。", EN: "That member has left the branch; the opinion cannot become their point."}
	msgOpAdoptedPoint   = Text{ZH: "已记为 %s 的查摆问题（%s · 群众提），并已通知本人。", EN: "Recorded as %s's point (%s, raised by the masses); they were told."}
	msgOpAdoptedProblem = Text{ZH: "已记为支部班子问题「%s」（群众提）。发送 /branchproblems 查看。", EN: "Recorded as the branch problem “%s” (raised by the masses). Send /branchproblems to see it."}
	// %[1]s the meeting, %[2]s the area, %[3]s the opinion.
	msgOpPointTold = Text{
		ZH: "支部委员会根据征求意见，为您在「%[1]s」记下一条查摆问题（来自征求意见，%[2]s · 群众提）：\n%[3]s\n发送 /mypoints 查看，可补充原因和整改措施。",
		EN: "From the opinions collected (来自征求意见), the committee recorded a point of yours for “%[1]s” (%[2]s, raised by the masses):\n%[3]s\nSend /mypoints to see it and add its cause and measures.",
	}
)
