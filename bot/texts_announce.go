package bot

// The words of a meeting's announcement (announce.go).
var (
	msgAnnounceHeader = Text{ZH: "【会议通知】支部将于 %[2]s 召开 <b>%[1]s</b>。",
		EN: "[Meeting] The branch holds <b>%[1]s</b> on %[2]s."}
	msgAnnounceSteps     = Text{ZH: "会前请按时完成：", EN: "Before it, please finish:"}
	msgAnnounceStep      = Text{ZH: "· %s — %s前", EN: "· %s — by %s"}
	msgAnnounceTalkWith  = Text{ZH: "谈心谈话：按全覆盖要求，请与 %s 谈话", EN: "Talks: the coverage rules ask you to talk with %s"}
	msgAnnounceTalkCount = Text{ZH: "谈心谈话：请与至少 %d 名同志谈话", EN: "Talks: talk with at least %d people"}
	msgAnnounceTalkBoth  = Text{ZH: "，共至少 %d 人", EN: ", %d people at least"}
	msgAnnounceEnd       = Text{ZH: "。", EN: "."}
	msgAnnounceFooter    = Text{ZH: "点下面的按钮即可填写；临近时限会再提醒。", EN: "Tap a button below to fill it in; you will be reminded near each deadline."}
)
