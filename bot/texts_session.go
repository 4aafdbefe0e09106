package bot

// The words of collective study (session.go): /session records a 集中学习 or 专题研讨 once,
// with who was present; /sessions lists them.

// The commands, as the menu and /help describe them.
var (
	descSession  = Text{ZH: "记录集中学习/专题研讨（书记、支委）", EN: "Record a collective study session or seminar (secretary, committee)"}
	descSessions = Text{ZH: "查看集中学习/专题研讨记录", EN: "List the collective study sessions"}
)

// Recording a session and listing them.
var (
	msgSessionAskKind       = Text{ZH: "记录一次集中学习或专题研讨（全支部只记一次，参加人员在后面勾选）。\n形式：", EN: "Record a collective study session or seminar (once for the branch; you tick who was present later).\nKind:"}
	msgSessionAskDate       = Text{ZH: "哪天举行的？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "On which day was it held? Tap a button or type a date (for example 2026-12-20):"}
	msgSessionAskTopic      = Text{ZH: "学习的主题或材料（学了什么内容）：", EN: "The topic or material studied (what was studied):"}
	msgSessionAskHours      = Text{ZH: "这次学习用了多长时间？请输入小时数（例如 2 或 1.5）：", EN: "How long did the session last? Type a number of hours (for example 2 or 1.5):"}
	msgSessionAskAttendance = Text{ZH: "参加人员（支部共 %d 人，已勾选 %d 人）：默认全部勾选，请点掉缺席的人，然后点「完成」：", EN: "Who was present (%d in the branch, %d ticked)? Everyone is ticked to begin with: untick those absent, then tap Done:"}
	msgSessionAskSpoke      = Text{ZH: "谁作了研讨发言？", EN: "Who gave a discussion speech?"}
	btnSessionAllSpoke      = Text{ZH: "参加人员都发言了", EN: "Everyone present spoke"}
	btnSessionSomeSpoke     = Text{ZH: "勾选发言人", EN: "Tick the speakers"}
	msgSessionAskSpeakers   = Text{ZH: "请勾选作了研讨发言的人（已勾选 %d 人），然后点「完成」：", EN: "Tick those who gave a discussion speech (%d ticked), then tap Done:"}
	msgSessionSaved         = Text{ZH: "已记录%s：", EN: "Recorded (%s):"}
	msgSessionAttendance    = Text{ZH: "应到 %d 人，参加 %d 人，缺席：%s。", EN: "%d in the branch, %d present; absent: %s."}
	msgSessionSpeeches      = Text{ZH: "研讨发言 %d 人。", EN: "Discussion speeches: %d."}
	msgSessionSpeechesNone  = Text{ZH: "研讨发言：未记录。", EN: "Discussion speeches: not recorded."}
	msgSessionKindCount     = Text{ZH: "%s %d 次", EN: "%s: %d"}
	msgSessionTotal         = Text{ZH: "本次会议已记录%s。/sessions 可查看。", EN: "Recorded for this meeting so far: %s. See /sessions."}
	msgSessionsHeader       = Text{ZH: "<b>集中学习和专题研讨</b>（%s）", EN: "<b>Collective study</b> (%s)"}
	msgSessionsNone         = Text{ZH: "本次会议还没有集中学习或专题研讨的记录。书记或支委发送 /session 记录。", EN: "No collective study session is recorded for this meeting yet. The secretary or a committee member records one with /session."}
	msgSessionPresent       = Text{ZH: "参加 %d 人", EN: "%d present"}
	msgSessionSpokeCount    = Text{ZH: "，研讨发言 %d 人", EN: ", %d gave a discussion speech"}
)

// What /study and /mystudy say of collective study.
var (
	msgStudyCollectiveByCommittee = Text{ZH: "（集中学习、专题研讨由支部书记或支委统一记录，这里只记个人学习。）\n", EN: "(Collective study sessions and seminars are recorded by the secretary or a committee member; record only your own study here.)\n"}
	msgStudyCollectiveUseSession  = Text{ZH: "（这里记个人学习；集中学习、专题研讨请用 /session 统一记录。）\n", EN: "(Record your own study here; record a collective study session or seminar with /session.)\n"}
	msgMyStudyAttended            = Text{ZH: "<b>参加的集中学习、专题研讨</b>（%d 次，由书记或支委记录）", EN: "<b>Collective sessions you attended</b> (%d, recorded by the secretary or a committee member)"}
)
