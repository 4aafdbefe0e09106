package bot

// The words of 民主评议党员, the secret ballot (ballot.go: /ballot, /vote, the voting dialog,
// the results and the digest's line).
var (
	descBallot = Text{ZH: "民主评议党员：发起、查看进度、截止", EN: "Democratic appraisal: open, follow, close"}
	descVote   = Text{ZH: "参加民主评议党员（不记名）", EN: "Vote in the democratic appraisal (secret)"}

	msgBallotUsage = Text{
		ZH: "本次会议尚未发起民主评议党员。发送 <code>/ballot 截止日期</code> 发起，例如 <code>/ballot %s</code>：全体党员在私聊中互评，截止当天 24:00 前可修改；截止后才统计，参评不少于 %d 人才公布结果。",
		EN: "No democratic appraisal yet for this meeting. Send <code>/ballot closing-day</code> to open one, e.g. <code>/ballot %s</code>: every member rates the others in a private chat, changeable until 24:00 that day; it is counted only after the close, and results are shown only if at least %d members voted.",
	}
	msgBallotBadDate        = Text{ZH: "截止日期要在今天或以后，例如 <code>/ballot %s</code>。", EN: "The closing day must be today or later, e.g. <code>/ballot %s</code>."}
	msgBallotUnreadableDate = Text{ZH: "看不懂这个截止日期，请写成 <code>/ballot %s</code> 这样。", EN: "I cannot read that closing day; write it like <code>/ballot %s</code>."}
	msgBallotExists         = Text{ZH: "本次会议已发起过民主评议，一次会议只评议一次。发送 /ballot 查看。", EN: "This meeting has its appraisal already (one a meeting). Send /ballot to see it."}
	msgBallotTooFew         = Text{ZH: "参评名单不足 %d 人，无法达到公布结果的最低人数，未发起。", EN: "Fewer than %d members: the results could never be shown, so no ballot was opened."}
	msgBallotOpened         = Text{
		ZH: "已发起民主评议党员：%d 人参评，截止 %s 24:00。已在私聊中把评议表发给每位党员；评议不记名，截止前您也看不到任何人的评定。",
		EN: "The democratic appraisal is open: %d members, closing %s at 24:00. Each member got the form in a private chat; the vote is secret, and before the close nobody, you included, sees any rating.",
	}
	msgBallotStatus = Text{
		ZH: "<b>民主评议党员</b>（%s）进行中：截止 %s 24:00，已完成 %d/%d 人。\n尚未完成：%s\n发送 <code>/ballot close</code> 可提前截止。",
		EN: "<b>Democratic appraisal</b> (%s) open: closes %s at 24:00, %d/%d done.\nNot done yet: %s\nSend <code>/ballot close</code> to close it now.",
	}
	msgBallotNobody = Text{ZH: "无", EN: "nobody"}

	msgBallotHead = Text{
		ZH: "<b>民主评议党员</b>（%s）\n请对下列每位党员评定等次：优秀、合格、基本合格、不合格。评定全部人员后计入；截止 %s 24:00 前可随时修改。\n评议不记名：截止前任何人看不到评定，截止后只保留每人的得票数。",
		EN: "<b>Democratic appraisal</b> (%s)\nRate each member below: excellent, competent, basically competent or incompetent. Your vote counts once everyone is rated; you may change it until %s at 24:00.\nThe vote is secret: nobody sees a rating before the close, and after it only each member's counts are kept.",
	}
	msgBallotLine     = Text{ZH: "%d. %s — %s", EN: "%d. %s — %s"}
	msgBallotProgress = Text{ZH: "已评 %d/%d 人。", EN: "Rated %d of %d."}
	msgBallotDone     = Text{ZH: "✅ 已全部评定，已计入；截止前仍可修改。", EN: "✅ All rated: your vote counts. You may still change it until the close."}
	msgBallotPage     = Text{ZH: "（第 %d/%d 页）", EN: "(page %d of %d)"}
	msgBallotUnrated  = Text{ZH: "未评", EN: "not rated"}
	msgBallotSaved    = Text{ZH: "已保存", EN: "Saved"}

	msgBallotNone     = Text{ZH: "本次会议没有进行中的民主评议。", EN: "There is no democratic appraisal open for this meeting."}
	msgBallotNotVoter = Text{ZH: "您不在本次民主评议的名单中（名单在发起时确定）。", EN: "You are not on this appraisal's roster (fixed when it opened)."}
	msgBallotClosed   = Text{ZH: "民主评议已截止，不再接受评定。", EN: "The appraisal has closed; no more ratings are taken."}
	// A form once its ballot closed: %s the meeting's title.
	msgBallotFormClosed = Text{ZH: "民主评议党员（%s）已截止，不再接受评定。", EN: "The appraisal of members (%s) has closed; no more ratings are taken."}
	msgBallotClosedNow  = Text{ZH: "民主评议（%s）已截止。", EN: "The democratic appraisal (%s) has closed."}

	msgBallotResultHead = Text{
		ZH: "<b>民主评议党员结果</b>（%s）：应参评 %d 人，实际完成评议 %d 人。",
		EN: "<b>Democratic appraisal results</b> (%s): %d on the roster, %d voted.",
	}
	msgBallotResultLine = Text{
		ZH: "%s：优秀 %d、合格 %d、基本合格 %d、不合格 %d",
		EN: "%s: excellent %d, competent %d, basically competent %d, incompetent %d",
	}
	msgBallotWithheld = Text{
		ZH: "完成评议的不足 %d 人，为保护无记名评议的秘密，不统计、不公布结果；各人的评定已随截止删除。",
		EN: "Fewer than %d voted: to keep the secret ballot secret, nothing is counted or shown; every rating was deleted at the close.",
	}
	msgBallotResultFile = Text{ZH: "民主评议结果（每人得票数）", EN: "Appraisal results (counts per member)"}

	msgDigestBallot = Text{ZH: "民主评议尚未完成（%d 人）：%s", EN: "Democratic appraisal not done yet (%d): %s"}
	// The reminder to vote (the day before the close and on its last day), a part of the
	// member's message of the day, with its button.
	msgRemindBallot = Text{ZH: "民主评议党员：请在 %s 24:00 前完成评议。", EN: "Democratic appraisal of members: please vote by 24:00 on %s."}
	btnVoteNow      = Text{ZH: "去评议", EN: "Vote now"}
	btnVoteNowBare  = Text{ZH: "民主评议", EN: "Appraisal"}
	msgTodoBallot   = Text{ZH: "民主评议尚未完成：发送 /vote 参加（截止 %s 24:00）。", EN: "Democratic appraisal not done yet: send /vote (closes %s at 24:00)."}
)
