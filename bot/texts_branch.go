package bot

// The words of the branch and its members (branch.go, members.go, access.go): creating a
// branch, joining it through an invite link, choosing one, managing its members (支委, 支部书记)
// and setting its time zone.

// The commands, as the menu and /help describe them.
var (
	descNewBranch = Text{ZH: "创建党支部", EN: "Create a branch"}
	descBranch    = Text{ZH: "切换支部", EN: "Switch branch"}
	descMembers   = Text{ZH: "支部成员", EN: "Branch members"}
	descInvite    = Text{ZH: "邀请链接", EN: "Invite link"}
	descTimezone  = Text{ZH: "设置支部所在时区", EN: "Set the branch's time zone"}
)

// Creating, joining and choosing a branch; the member list and its buttons; the time zone.
var (
	msgAskBranchName    = Text{ZH: "请输入党支部名称（例如：第一党支部）：", EN: "Name of the branch (for example: First Party Branch):"}
	msgAskOwnName       = Text{ZH: "请输入您的姓名（将用于会议材料）：", EN: "Your name as it should appear in documents:"}
	msgBadBranchName    = Text{ZH: "名称需要 2 到 40 个字，请重新输入。", EN: "The name needs 2 to 40 characters; please type it again."}
	msgBranchCreated    = Text{ZH: "已创建 <b>%s</b>，您是支部书记。\n请把邀请链接发给支部党员（%s 前有效，/invite 可再次查看或换新）：\n%s\n\n下一步：发送 /newmeeting 设置本次专题组织生活会，或 /invite 邀请党员加入。", EN: "Created <b>%s</b>; you are its secretary.\nSend this invite link to the members (valid until %s; /invite shows it again or makes a new one):\n%s\n\nNext: send /newmeeting to set up this year's meeting, or /invite to invite the members."}
	msgCurrentInvite    = Text{ZH: "当前的邀请链接（%s 前有效）：\n%s", EN: "The current invite link (valid until %s):\n%s"}
	msgNewInvite        = Text{ZH: "新的邀请链接（%s 前有效）：\n%s", EN: "New invite link (valid until %s):\n%s"}
	msgInviteReplaced   = Text{ZH: "新的邀请链接（旧链接已失效，%s 前有效）：\n%s", EN: "New invite link (the old one no longer works; valid until %s):\n%s"}
	msgConfirmNewInvite = Text{ZH: "旧链接将失效，确定生成新链接吗？", EN: "The old link will stop working. Make a new one?"}
	msgInviteShare      = Text{ZH: "邀请您加入%s：打开链接，按提示填写姓名即可。", EN: "You are invited to join %s: open the link and type your name when asked."}
	btnNewInvite        = Text{ZH: "生成新链接", EN: "New link"}
	btnShareInvite      = Text{ZH: "分享链接", EN: "Share link"}
	msgInviteInvalid    = Text{ZH: "这个邀请链接无效或已过期，请向支部书记索取新链接。", EN: "This invite link is invalid or has expired; ask your branch secretary for a new one."}
	msgAlreadyMember    = Text{ZH: "您已经是 %s 的成员。", EN: "You are already a member of %s."}
	msgJoinAskName      = Text{ZH: "欢迎加入 <b>%s</b>！请输入您的姓名（将用于会议材料）：", EN: "Welcome to <b>%s</b>! Your name as it should appear in documents:"}
	msgJoined           = Text{ZH: "您已作为党员加入 <b>%s</b>。发送 /help 查看可用命令。", EN: "You joined <b>%s</b> as a member. Send /help to see what you can do."}
	msgMemberJoined     = Text{ZH: "%s 通过邀请链接加入了 %s。", EN: "%s joined %s through the invite link."}
	msgChooseBranch     = Text{ZH: "您在多个支部，请选择当前要操作的支部：", EN: "You are in several branches; choose the one to work in:"}
	msgBranchChosen     = Text{ZH: "当前支部：<b>%s</b>", EN: "Current branch: <b>%s</b>"}
	msgOnlyOneBranch    = Text{ZH: "您只在 <b>%s</b> 一个支部。", EN: "You are only in <b>%s</b>."}
	msgMembersHeader    = Text{ZH: "<b>%s</b> 成员（%d 人）", EN: "<b>%s</b> members (%d)"}
	msgMembersManage    = Text{ZH: "点姓名可设为支委、移除或移交书记。", EN: "Tap a name to make them committee members, remove them or hand over the secretary role."}
	msgMemberCard       = Text{ZH: "<b>%s</b>（%s）", EN: "<b>%s</b> (%s)"}
	msgConfirmRemove    = Text{ZH: "确定把 %s 移出支部吗？其已填写的记录会保留。", EN: "Remove %s from the branch? Their records are kept."}
	msgConfirmHandOver  = Text{ZH: "确定把支部书记移交给 %s 吗？您将成为支委。", EN: "Hand the secretary role over to %s? You become a committee member."}
	msgMemberRemoved    = Text{ZH: "已将 %s 移出支部。", EN: "%s has been removed from the branch."}
	msgHandedOver       = Text{ZH: "%s 现在是支部书记。", EN: "%s is now the branch secretary."}
	msgYouAreSecretary  = Text{ZH: "您已成为 %s 的支部书记。", EN: "You are now the secretary of %s."}
	msgRoleChanged      = Text{ZH: "已将 %s 设为%s。", EN: "%s is now a %s."}
	btnMakeCommittee    = Text{ZH: "设为支委", EN: "Make committee member"}
	btnMakeMember       = Text{ZH: "取消支委", EN: "Make plain member"}
	btnRemove           = Text{ZH: "移出支部", EN: "Remove"}
	btnHandOver         = Text{ZH: "移交书记", EN: "Hand over secretary"}
	btnConfirm          = Text{ZH: "确认", EN: "Confirm"}
	btnBack             = Text{ZH: "返回", EN: "Back"}
	msgAskTimezone      = Text{ZH: "支部现在按 %s 计算日期和提醒时间。请选择时区，或输入 IANA 时区名（例如 Asia/Shanghai）：", EN: "The branch's days and reminders are now read in %s. Choose a zone, or type an IANA name (e.g. Asia/Shanghai):"}
	msgBadTimezone      = Text{ZH: "没有这个时区，请输入 IANA 时区名，例如 Asia/Shanghai。", EN: "There is no such zone; type an IANA name such as Asia/Shanghai."}
	msgTimezoneSet      = Text{ZH: "已设置：支部按 %s 计算日期和提醒时间，提醒已重新安排。", EN: "Done: the branch's days and reminders are read in %s; reminders were planned anew."}
	msgNotSecretaryHere = Text{ZH: "只有支部书记可以管理成员。", EN: "Only the branch secretary manages members."}
)

// The zones /timezone offers: 北京时间, which nearly every branch keeps, then those of
// branches abroad, by city. Any other is typed as its IANA name.
var (
	lblZoneBeijing    = Text{ZH: "北京时间", EN: "Beijing time"}
	lblZoneTokyo      = Text{ZH: "东京", EN: "Tokyo"}
	lblZoneSingapore  = Text{ZH: "新加坡", EN: "Singapore"}
	lblZoneDubai      = Text{ZH: "迪拜", EN: "Dubai"}
	lblZoneMoscow     = Text{ZH: "莫斯科", EN: "Moscow"}
	lblZoneLondon     = Text{ZH: "伦敦", EN: "London"}
	lblZoneBerlin     = Text{ZH: "巴黎/柏林", EN: "Paris/Berlin"}
	lblZoneNewYork    = Text{ZH: "纽约", EN: "New York"}
	lblZoneLosAngeles = Text{ZH: "洛杉矶", EN: "Los Angeles"}
	lblZoneSydney     = Text{ZH: "悉尼", EN: "Sydney"}
)
