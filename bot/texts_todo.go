package bot

// The words of /todo (todo.go): what a member still owes for the current meeting.

// The command, as the menu and /help describe it.
var descTodo = Text{ZH: "我的待办（本次会议还需完成的事项）", EN: "My to-do for the current meeting"}

// /todo.
var (
	msgTodoHeader       = Text{ZH: "<b>%s</b>（%s召开）您还需完成：", EN: "<b>%s</b> (meeting on %s): still to do:"}
	msgTodoStep         = Text{ZH: "• %s：请于%s前完成", EN: "• %s: by %s"}
	msgTodoOverdue      = Text{ZH: "（已逾期）", EN: " (overdue)"}
	msgTodoPartnersMore = Text{ZH: "等 %d 人", EN: " and others, %d in all"}
	msgTodoWaiting      = Text{ZH: "• %s：待对方处理，您暂无需操作", EN: "• %s: up to the others for now; nothing for you to do"}
	msgTodoItem         = Text{ZH: "• 整改事项第 %d 项：%s（%s前）", EN: "• Rectification item %d: %s (by %s)"}
	msgTodoNothing      = Text{ZH: "<b>%s</b>：您目前没有待办事项，辛苦了！", EN: "<b>%s</b>: nothing left for you to do. Thank you!"}
	btnTodoStep         = Text{ZH: "填写%s", EN: "Do: %s"}
)
