package bot

import "orglife"

// Text is one user-facing message in every language the bot speaks; this file is the one
// place where the bot's wording lives.
type Text struct{ ZH, EN string }

// In returns the text in lang, falling back to Chinese.
func (t Text) In(lang orglife.Lang) string {
	if lang == orglife.LangEN && t.EN != "" {
		return t.EN
	}
	return t.ZH
}

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
	msgTooLong = Text{
		ZH: "内容太长（%d 字），请控制在 %d 字以内，或分几次发送。",
		EN: "That is too long (%d characters); please keep it under %d, or send it in parts.",
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
