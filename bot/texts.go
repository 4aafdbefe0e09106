package bot

import "orglife"

// The bot's wording lives in catalogues, one a feature: texts_points.go holds what the
// self-examination screens say, texts_rectify.go what rectification says, and so on (each
// names the files whose words it holds). This file holds Text itself and the words every
// feature shares: the welcome and help, the commands /start, /help, /cancel and /lang, the
// roles, who may do what, the common buttons, errors, and answers that several
// conversations check (a name, a day). Feature code refers to a catalogue's variables and
// writes no Text literal of its own; texts_internal_test.go enforces that, and checks every
// text: both languages present, the same format verbs, balanced HTML, and the terms of
// DOMAIN.md (方面, never 领域, for the six areas).

// Text is one user-facing message in every language the bot speaks: the Chinese and the
// English wording of it, each a format string for fmt when the message has arguments and
// HTML for Telegram's parse_mode HTML (<b>, <i>, <code>, <a>, <blockquote>).
type Text struct{ ZH, EN string }

// In returns the text in lang, falling back to Chinese.
func (t Text) In(lang orglife.Lang) string {
	if lang == orglife.LangEN && t.EN != "" {
		return t.EN
	}
	return t.ZH
}

// The commands, as the menu and /help describe them.
var (
	descStart  = Text{ZH: "开始使用", EN: "Start"}
	descHelp   = Text{ZH: "查看可用命令", EN: "What I can do for you"}
	descCancel = Text{ZH: "取消当前操作", EN: "Cancel the current step"}
	descLang   = Text{ZH: "切换语言 / Language", EN: "Language / 切换语言"}
)

// Greeting, help, errors, cancelling, the language and the buttons of every conversation.
var (
	msgWelcome = Text{
		ZH: "您好，<b>%s</b>！我是专题组织生活会助手，陪支部走完会前准备、会议和整改落实。\n发送 /help 查看您可以使用的命令。",
		EN: "Hello, <b>%s</b>! I help a Party branch through its organisational-life meeting: preparation, the meeting and rectification.\nSend /help to see what you can do.",
	}
	msgHelpHeader     = Text{ZH: "<b>可用命令</b>", EN: "<b>Commands</b>"}
	msgHelpRole       = Text{ZH: "您的身份：%s", EN: "Your role: %s"}
	msgUnknownCommand = Text{
		ZH: "没有 %s 这个命令。发送 /help 查看可用命令。",
		EN: "There is no command %s. Send /help to see the commands.",
	}
	msgPlainTextHint = Text{
		ZH: "目前没有需要您回答的问题。发送 /help 查看可用命令。",
		EN: "Nothing is waiting for your answer right now. Send /help to see the commands.",
	}
	msgNotText = Text{
		ZH: "这里需要文字消息，暂不支持贴纸、图片或文件。",
		EN: "Please send text here; stickers, photos and files are not expected.",
	}
	// Not "send it in parts": in a conversation the next message answers the next question.
	msgTooLong = Text{
		ZH: "内容太长（%d 字），请精简到 %d 字以内后重新发送。",
		EN: "That is too long (%d characters); please shorten it to %d or fewer and send it again.",
	}
	msgNothingToCancel = Text{ZH: "当前没有进行中的操作。", EN: "There is nothing to cancel."}
	msgCancelled       = Text{ZH: "已取消。", EN: "Cancelled."}
	msgLangPrompt      = Text{ZH: "请选择语言：", EN: "Choose your language:"}
	msgLangSet         = Text{ZH: "语言已设置为中文。", EN: "Language set to English."}
	msgStaleButton     = Text{ZH: "该按钮已失效，请重新发送命令。", EN: "This button has expired; please send the command again."}
	msgOutage          = Text{ZH: "暂时无法保存，稍后自动重试。", EN: "Can't save right now; will retry automatically."}
	msgInternalError   = Text{ZH: "处理出错了，请稍后再试。", EN: "Something went wrong; please try again later."}
	msgPrivateOnly     = Text{
		ZH: "为保护个人信息，请在与我的私聊中操作。",
		EN: "To keep personal answers private, please talk to me in a private chat.",
	}
	btnOpenPrivate = Text{ZH: "打开私聊", EN: "Open private chat"}
	btnSkip        = Text{ZH: "跳过", EN: "Skip"}
	btnCancel      = Text{ZH: "取消", EN: "Cancel"}
	btnDone        = Text{ZH: "完成", EN: "Done"}
	msgSendMedia   = Text{ZH: "请发送照片或文件，或点“跳过”。", EN: "Please send a photo or a file, or tap Skip."}
	msgUseButtons  = Text{ZH: "请点击上面消息中的按钮作答，或发送 /cancel 取消。", EN: "Please answer with the buttons above, or send /cancel."}
	btnLangZH      = Text{ZH: "中文", EN: "中文"}
	btnLangEN      = Text{ZH: "English", EN: "English"}
)

// roleNames are the roles as users read them.
var roleNames = map[orglife.Role]Text{
	orglife.RoleStranger:  {ZH: "尚未加入支部", EN: "not in a branch yet"},
	orglife.RoleMember:    {ZH: "党员", EN: "member"},
	orglife.RoleCommittee: {ZH: "支委", EN: "committee member"},
	orglife.RoleSecretary: {ZH: "支部书记", EN: "branch secretary"},
}

// The first question of a dialog that records for a meeting names it (flow.go).
var msgRecordsFor = Text{ZH: "为「%s」填写", EN: "For “%s”"}

// A conversation left idle ends (expire.go).
var (
	msgSessionExpired = Text{ZH: "您有一段时间没有回复，本次操作已结束。", EN: "You have not answered for a while, so this step has ended."}
	msgDraftDropped   = Text{ZH: "上次的草稿已放弃。", EN: "The earlier draft is dropped."}
	msgDraftKept      = Text{ZH: "已填写的内容保存为草稿，再次发送 /%s 即可继续。", EN: "What you wrote is kept as a draft; send /%s to continue."}
)

// Too many updates from one user (flood.go): they are all still answered, so the notice
// asks for patience and says not to resend, which would only add to the queue.
var msgFlood = Text{
	ZH: "收到，正在依次处理您前面的消息，请稍候，不必重复发送。",
	EN: "Got it. Your earlier messages are being handled in order; please wait a moment, there is no need to send them again.",
}

// Who may do what (access.go, handlers.go, flow.go).
var (
	msgAdminsOnly  = Text{ZH: "只有管理员可以使用这个命令。", EN: "Only administrators may use this command."}
	msgNotInBranch = Text{ZH: "您还没有加入党支部。请使用支部书记发给您的邀请链接加入。", EN: "You are not in a branch yet. Join through the invite link your branch secretary sent you."}
	msgRoleNeeded  = Text{ZH: "抱歉，这个命令只有%s可以使用。", EN: "Sorry, only the %s may use this command."}
)

// Answers typed or tapped in several conversations: a person's name, a day.
var (
	msgBadPersonName = Text{ZH: "姓名需要 2 到 20 个字，请重新输入。", EN: "A name needs 2 to 20 characters; please type it again."}
	// msgBadDate's examples are today's date (badDate): %[1]s without the year, %[2]s in full.
	msgBadDate      = Text{ZH: "日期格式不正确，例如 %[1]s 或 %[2]s，请重新输入。", EN: "That date is not in a form I can read; type it like %[2]s or %[1]s."}
	msgDateEchoed   = Text{ZH: "已记为 %s。", EN: "Noted: %s."}
	msgDateInFuture = Text{ZH: "日期不能晚于今天，请重新输入。", EN: "The date cannot be later than today; please type another."}
	btnToday        = Text{ZH: "今天", EN: "Today"}
	btnYesterday    = Text{ZH: "昨天", EN: "Yesterday"}
)

// The groups of /help (helpgroups.go), by phase.
var phaseNames = []Text{
	phaseEveryday: {ZH: "常用", EN: "Everyday"},
	phasePrep:     {ZH: "会前准备", EN: "Preparation"},
	phaseMeeting:  {ZH: "会议", EN: "The meeting"},
	phaseRect:     {ZH: "整改", EN: "Rectification"},
	phaseBranch:   {ZH: "支部管理", EN: "The branch"},
	phaseSettings: {ZH: "设置", EN: "Settings"},
}
