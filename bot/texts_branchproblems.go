package bot

// The words of the branch problems (支部班子问题): the board, a problem's card and the
// questions of branchproblems.go and branchproblems_flows.go. The branch's problems speak
// for the branch; the members' own are 查摆问题, "points" in English.

// The command, as the menu and /help describe it.
var descBranchProblems = Text{ZH: "整理支部班子问题（查摆问题归并、写标题）", EN: "State the branch's own problems from the points"}

// Who may curate.
var (
	msgBpNotAllowed = Text{
		ZH: "抱歉，这个命令只有支部书记和经书记授权的支委可以使用。",
		EN: "Sorry, only the branch secretary and the committee members the secretary allowed may use this command.",
	}
	msgBpCuratorTold = Text{
		ZH: "支部书记授权您整理本次会议的支部班子问题。发送 /branchproblems 开始。",
		EN: "The branch secretary has allowed you to state this meeting's branch problems. Send /branchproblems to begin.",
	}
)

// The board and a problem's card.
var (
	msgBpBoardHeader     = Text{ZH: "<b>支部班子问题</b>（%s）", EN: "<b>The branch's problems</b> (%s)"}
	msgBpProblemLine     = Text{ZH: "%d. <b>%s</b>　%s，%s", EN: "%d. <b>%s</b> — %s, %s"}
	lblBpInReport        = Text{ZH: "写入报告", EN: "in the report"}
	lblBpOutReport       = Text{ZH: "不写入报告", EN: "not in the report"}
	lblBpPoints          = Text{ZH: "%d 条查摆问题", EN: "%d points"}
	lblBpCollective      = Text{ZH: "集体议", EN: "agreed collectively"}
	msgBpProposalsHeader = Text{
		ZH: "<b>待整理的查摆问题</b>（已按方面归并，点「确认」为每组写标题）：",
		EN: "<b>Points still to gather</b> (grouped by area; tap Confirm to give each group a headline):",
	}
	msgBpProposalLine = Text{ZH: "【%s】%d 条：%s", EN: "[%s] %d points: %s"}
	msgBpNothingYet   = Text{
		ZH: "本次会议还没有查摆问题。可以点「新增（集体议）」直接写入支部班子问题。",
		EN: "No points have been recorded for this meeting yet. Tap Add (collective) to state a branch problem directly.",
	}
	msgBpBoardFooter = Text{
		ZH: "点一条问题可修改标题和具体表现、调整顺序、合并、拆分或删除；每次修改都有记录。",
		EN: "Tap a problem to edit its headline or how it shows, move, merge, split or remove it; every change is logged.",
	}
	btnBpConfirm = Text{ZH: "确认：%s", EN: "Confirm: %s"}
	btnBpAdd     = Text{ZH: "新增（集体议）", EN: "Add (collective)"}
	btnBpGrant   = Text{ZH: "授权支委整理", EN: "Allow committee members"}

	msgBpCard = Text{
		ZH: "<b>支部班子问题 第%d条</b>（%s）\n<b>%s</b>\n具体表现：\n<blockquote>%s</blockquote>\n%s",
		EN: "<b>Branch problem %d</b> (%s)\n<b>%s</b>\nHow it shows:\n<blockquote>%s</blockquote>\n%s",
	}
	lblBpFromPoints    = Text{ZH: "来自 %d 条查摆问题。", EN: "Gathered from %d points."}
	lblBpFromCommittee = Text{ZH: "集体议，直接写入。", EN: "Agreed collectively and added directly."}
	msgBpNoHeadline    = Text{ZH: "（尚无标题）", EN: "(no headline yet)"}
	msgBpNoDetail      = Text{ZH: "（尚未填写）", EN: "(not written yet)"}
	btnBpHeadline      = Text{ZH: "改标题", EN: "Headline"}
	btnBpDetail        = Text{ZH: "改具体表现", EN: "How it shows"}
	btnBpUp            = Text{ZH: "↑ 上移", EN: "↑ Up"}
	btnBpDown          = Text{ZH: "↓ 下移", EN: "↓ Down"}
	btnBpMerge         = Text{ZH: "合并到…", EN: "Merge into…"}
	btnBpSplit         = Text{ZH: "拆分", EN: "Split"}
	btnBpInReport      = Text{ZH: "写入报告", EN: "Put in the report"}
	btnBpOutReport     = Text{ZH: "不写入报告", EN: "Leave out of the report"}
	btnBpRemove        = Text{ZH: "删除", EN: "Remove"}
	btnBpBack          = Text{ZH: "返回列表", EN: "Back to the list"}
	msgBpConfirmRemove = Text{
		ZH: "确定删除这条支部班子问题吗？其中的查摆问题会回到待整理。\n<b>%s</b>",
		EN: "Remove this branch problem? Its points go back to those still to gather.\n<b>%s</b>",
	}
	btnBpConfirmRemove  = Text{ZH: "确认删除", EN: "Remove it"}
	msgBpRemoved        = Text{ZH: "已删除：<b>%s</b>", EN: "Removed: <b>%s</b>"}
	msgBpMoved          = Text{ZH: "已调整顺序。", EN: "Moved."}
	msgBpMarkedIn       = Text{ZH: "已写入报告。", EN: "It is in the report now."}
	msgBpMarkedOut      = Text{ZH: "已设为不写入报告。", EN: "It is left out of the report now."}
	msgBpGone           = Text{ZH: "这条支部班子问题已删除或合并，列表已更新。", EN: "This branch problem was removed or merged; the list is updated."}
	msgBpProposalGone   = Text{ZH: "这组查摆问题已整理或已撤回，列表已更新。", EN: "These points have been gathered already or withdrawn; the list is updated."}
	msgBpNothingToMerge = Text{ZH: "只有这一条支部班子问题，没有可以合并的。", EN: "This is the only branch problem; there is nothing to merge it into."}
	msgBpNothingToSplit = Text{ZH: "这条问题不到两条查摆问题，无法拆分。", EN: "This problem gathers fewer than two points; it cannot be split."}
)

// The questions and what they answer.
var (
	msgBpProposalContext = Text{ZH: "【%s】%d 条查摆问题：\n<blockquote>%s</blockquote>\n", EN: "[%s] %d points:\n<blockquote>%s</blockquote>\n"}
	msgBpHeadlineNow     = Text{ZH: "现在的标题：<b>%s</b>\n", EN: "The headline now: <b>%s</b>\n"}
	msgBpSplitContext    = Text{ZH: "拆出 %d 条查摆问题，另立一条。\n", EN: "%d points move out into a problem of their own.\n"}
	msgBpAskHeadline     = Text{
		ZH: "请为这条支部班子问题写一个标题：一句短语，不超过 %d 字，不加句号，例如「理论学习的系统性不强」。",
		EN: "Write a headline for this branch problem: one short phrase of at most %d characters, no full stop, in Chinese as the report has it — for example 「理论学习的系统性不强」.",
	}
	msgBpHeadlineShort    = Text{ZH: "标题太短了，请写一个完整的短语（至少 4 个字）。", EN: "That headline is too short; write a whole phrase (at least 4 characters)."}
	msgBpHeadlineLong     = Text{ZH: "标题请控制在 %d 字以内（现在 %d 字）；展开的内容写在具体表现里。", EN: "Keep the headline within %d characters (it has %d); the rest goes in how it shows."}
	msgBpHeadlineSentence = Text{
		ZH: "标题是一句短语，中间不要有句号、问号、分号或换行；展开的内容写在具体表现里。",
		EN: "A headline is one phrase, without a full stop, question mark, semicolon or line break inside; the rest goes in how it shows.",
	}
	msgBpAskDetailKeep = Text{
		ZH: "标题：<b>%s</b>\n按查摆问题整理的具体表现：\n<blockquote>%s</blockquote>\n可点「沿用」，或发送修改后的文字（以支部的口吻，不写本人、我、某同志指出）。",
		EN: "Headline: <b>%s</b>\nHow it shows, as gathered from the points:\n<blockquote>%s</blockquote>\nTap Keep, or send an edited text (in the branch's voice: no “I”, no “a comrade pointed out”).",
	}
	msgBpAskDetail = Text{
		ZH: "标题：<b>%s</b>\n请写具体表现：这个问题在支部哪些工作、哪些事情上有表现（以支部的口吻，不写本人、我、某同志指出）。",
		EN: "Headline: <b>%s</b>\nDescribe how it shows: in which work and on what occasions the branch shows this problem (in the branch's voice: no “I”, no “a comrade pointed out”).",
	}
	msgBpAskDetailNow = Text{
		ZH: "<b>%s</b>\n现在的具体表现：\n<blockquote>%s</blockquote>\n请发送修改后的文字（以支部的口吻，不写本人、我、某同志指出）。",
		EN: "<b>%s</b>\nHow it shows now:\n<blockquote>%s</blockquote>\nSend the edited text (in the branch's voice: no “I”, no “a comrade pointed out”).",
	}
	btnBpKeep        = Text{ZH: "沿用", EN: "Keep"}
	msgBpDetailShort = Text{ZH: "具体表现请至少写 %d 个字。", EN: "Please write at least %d characters on how it shows."}
	msgBpAskRestate  = Text{
		ZH: "具体表现里有「%s」，这是个人的口吻：\n<blockquote>%s</blockquote>\n支部班子问题以支部的口吻表述。请改写后发送；也可以点「就这样保存」。",
		EN: "How it shows says 「%s」, which is a person's voice:\n<blockquote>%s</blockquote>\nA branch problem speaks for the branch. Please send it restated, or tap Save as it is.",
	}
	btnBpKeepAnyway = Text{ZH: "就这样保存", EN: "Save as it is"}
	msgBpAskMerge   = Text{
		ZH: "把「%s」合并到哪一条？合并后保留那一条的标题，具体表现和查摆问题合在一起。",
		EN: "Merge 「%s」 into which problem? That one keeps its headline; how they show and their points are put together.",
	}
	msgBpAskSplit = Text{
		ZH: "「%s」来自以下查摆问题。勾选要拆出去另立一条的，然后点「完成」：\n%s",
		EN: "「%s」 gathers the points below. Tick those to move out into a problem of their own, then tap Done:\n%s",
	}
	msgBpAskCurators = Text{
		ZH: "勾选可以整理支部班子问题的支委（支部书记始终可以），然后点「完成」：",
		EN: "Tick the committee members who may state the branch problems (the branch secretary always may), then tap Done:",
	}
	msgBpNoCommittee = Text{
		ZH: "支部还没有支委。可在 /members 中把党员设为支委后再授权。",
		EN: "The branch has no committee members yet. Make members committee members in /members first.",
	}

	msgBpCreated   = Text{ZH: "已确认支部班子问题：<b>%s</b>", EN: "Branch problem confirmed: <b>%s</b>"}
	msgBpAdded     = Text{ZH: "已新增支部班子问题（集体议）：<b>%s</b>", EN: "Branch problem added (agreed collectively): <b>%s</b>"}
	msgBpEdited    = Text{ZH: "已修改。", EN: "Changed."}
	msgBpMerged    = Text{ZH: "已把「%s」合并到「%s」。", EN: "Merged 「%s」 into 「%s」."}
	msgBpSplitDone = Text{ZH: "已拆分：新增「%s」，放在原问题之后。", EN: "Split: 「%s」 is added right after the problem it came from."}
	msgBpSplitBad  = Text{
		ZH: "拆分需要勾选至少一条、但不是全部查摆问题。未作修改。",
		EN: "A split needs at least one of the points ticked, but not all of them. Nothing was changed.",
	}
	msgBpCuratorsSaved = Text{ZH: "已授权整理支部班子问题的支委：%s", EN: "Committee members allowed to state the branch problems: %s"}
	msgBpCuratorsNone  = Text{ZH: "无（仅支部书记）", EN: "none (the branch secretary alone)"}
)
