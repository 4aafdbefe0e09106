package bot

import "orglife"

// Command is one slash command: its name, what the menu says of it, and the role it needs.
// AdminOnly commands are for the users listed in ORGLIFE_ADMINS.
type Command struct {
	Name      string
	Desc      Text
	Role      orglife.Role
	AdminOnly bool
}

// commands is the one list of commands: the menu registered with Telegram, /help and the
// router all read it.
var commands = []Command{
	{Name: "start", Desc: Text{ZH: "开始使用", EN: "Start"}},
	{Name: "help", Desc: Text{ZH: "查看可用命令", EN: "What I can do for you"}},
	{Name: "cancel", Desc: Text{ZH: "取消当前操作", EN: "Cancel the current step"}},
	{Name: "lang", Desc: Text{ZH: "切换语言 / Language", EN: "Language / 切换语言"}},
}

// lookupCommand finds a command by name.
func lookupCommand(name string) (Command, bool) {
	for _, c := range commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}
