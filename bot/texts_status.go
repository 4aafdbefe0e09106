package bot

// The words of /status (status.go): the secretary's view of the preparation, person by
// person — steps, points by member and by area (方面), talk coverage and the meeting record.

// The command, as the menu and /help describe it.
var descStatus = Text{ZH: "会前准备完成情况（按人员）", EN: "Preparation status by person"}

// The preparation status, section by section (一、 to 四、).
var (
	msgStatusHeader           = Text{ZH: "<b>%s</b> 会前准备情况\n会议日期 %s，支部共 %d 人", EN: "<b>%s</b>: preparation status\nMeeting on %s, %d in the branch"}
	msgStatusSteps            = Text{ZH: "<b>一、会前准备</b>", EN: "<b>1. Preparation steps</b>"}
	msgStatusStep             = Text{ZH: "%s %s（时限 %s）：完成 %d/%d%s", EN: "%s %s (due %s): done %d/%d%s"}
	msgStatusOverdue          = Text{ZH: "，已逾期", EN: ", overdue"}
	msgStatusPlan             = Text{ZH: "%s %s（时限 %s）：%s", EN: "%s %s (due %s): %s"}
	msgStatusPlanDone         = Text{ZH: "已于 %s 经支委会通过", EN: "adopted on %s"}
	msgStatusPlanOpen         = Text{ZH: "尚未登记通过（/adopt）", EN: "not recorded as adopted yet (/adopt)"}
	msgStatusDone             = Text{ZH: "    已完成：%s", EN: "    done: %s"}
	msgStatusPending          = Text{ZH: "    未完成：%s", EN: "    not done: %s"}
	msgStatusWaiting          = Text{ZH: "    待谈话对方处理：%s", EN: "    waiting on their talk partner: %s"}
	msgStatusPoints           = Text{ZH: "<b>二、查摆问题</b>（不含已撤回，共 %d 条）", EN: "<b>2. Self-examination points</b> (withdrawn ones left out; %d in all)"}
	msgStatusByMember         = Text{ZH: "按人员：%s", EN: "By member: %s"}
	msgStatusByArea           = Text{ZH: "按方面：%s", EN: "By area: %s"}
	msgStatusCount            = Text{ZH: "%s %d条", EN: "%s %d"}
	msgStatusNoBranchProblems = Text{
		ZH: "支部班子问题尚未整理：发送 /branchproblems 按方面归并查摆问题、确定标题。",
		EN: "The branch's own problems are not stated yet: send /branchproblems to gather the points by area and give them headlines.",
	}
	msgStatusNearCopies = Text{
		ZH: "<b>内容雷同提示</b>（仅支委可见，供会前谈心谈话时参考）：",
		EN: "<b>Near-copies</b> (seen by the committee only, to talk about before the meeting):",
	}
	msgStatusNearPair   = Text{ZH: "· %s ↔ %s：%s相近", EN: "· %s ↔ %s: %s alike"}
	msgStatusNearStock  = Text{ZH: "· %s：%s接近套话，可请其写出具体事例", EN: "· %s: %s close to a stock phrase; ask for a concrete example"}
	msgNearCopyFieldSep = Text{ZH: "、", EN: ", "}
	msgStatusTalks      = Text{ZH: "<b>三、谈心谈话覆盖</b>", EN: "<b>3. Talk coverage</b>"}
	msgStatusRules      = Text{ZH: "规则：%s", EN: "Rules: %s"}
	msgRuleCommittee    = Text{ZH: "支委之间两两谈话", EN: "every pair of committee members"}
	msgRuleSecretary    = Text{ZH: "书记与每名党员谈话", EN: "the secretary with every member"}
	msgRuleMin          = Text{ZH: "每人至少与 %d 人谈话", EN: "each member with at least %d others"}
	msgRuleSep          = Text{ZH: "；", EN: "; "}
	msgStatusNoRules    = Text{ZH: "未设覆盖要求", EN: "none set"}
	msgStatusMissing    = Text{ZH: "尚未完成谈话的必谈对象（共 %d 对）：", EN: "Required talks not yet done (%d pairs):"}
	msgStatusPair       = Text{ZH: "%s — %s", EN: "%s — %s"}
	msgStatusPairsDone  = Text{ZH: "✅ 必谈对象均已谈话。", EN: "✅ Every required pair has talked."}
	msgStatusShort      = Text{ZH: "谈话人数不足：", EN: "Talked with too few people:"}
	msgStatusShortOne   = Text{ZH: "%s（%d/%d 人）", EN: "%s (%d of %d)"}
	msgStatusNoShort    = Text{ZH: "✅ 每人谈话人数均已达标。", EN: "✅ Everyone has talked with enough people."}
	// Only confirmed talks count: the records under way, by whose hands they are in.
	msgStatusUnconfirmed = Text{ZH: "尚未经对方确认的谈话记录（确认后计入，共 %d 条）：", EN: "Talk records not confirmed yet (they count once confirmed; %d in all):"}
	msgStatusAwaitingBy  = Text{ZH: "%s 记录的，待 %s 确认", EN: "recorded by %s, awaiting the answer of %s"}
	msgStatusDisputedBy  = Text{ZH: "%s 记录的，%s 认为有出入，待记录人核对修改", EN: "recorded by %s, disputed by %s: the recorder is to check and correct it"}
	msgStatusMinutes     = Text{ZH: "<b>四、会议记录</b>：%s", EN: "<b>4. Meeting record</b>: %s"}
	msgStatusNoMinutes   = Text{ZH: "尚未记录（/minutes）", EN: "not recorded yet (/minutes)"}
	msgStatusHasMinutes  = Text{ZH: "已记录，%s召开，实到 %d 人，缺席 %d 人", EN: "recorded: held on %s, %d attending, %d absent"}
	msgStatusAsFile      = Text{ZH: "<b>%s</b> 会前准备情况内容较多，已作为文件发送。", EN: "<b>%s</b>: the preparation status is long, so it comes as a file."}
)

// A committee member's /status says the same without the secretary's commands in it.
var (
	msgStatusPlanOpenRO         = Text{ZH: "尚未登记通过", EN: "not recorded as adopted yet"}
	msgStatusNoBranchProblemsRO = Text{ZH: "支部班子问题尚未整理。", EN: "The branch's own problems are not stated yet."}
	msgStatusNoMinutesRO        = Text{ZH: "尚未记录", EN: "not recorded yet"}
)
