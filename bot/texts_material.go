package bot

// The words of the comparison-check material (对照检查材料): /material marks one's own done
// (material.go), /mymaterial sends its draft (mymaterial.go).

// The commands, as the menu and /help describe them.
var (
	descMaterial   = Text{ZH: "登记对照检查材料已完成", EN: "Mark my comparison-check material done"}
	descMyMaterial = Text{ZH: "生成我的对照检查材料初稿", EN: "Draft my comparison-check material"}
)

// /material
var (
	msgMaterialAlready  = Text{ZH: "您的对照检查材料已登记为完成，无需重复登记。", EN: "Your comparison-check material is already marked done."}
	msgNoMaterialStep   = Text{ZH: "本次组织生活会没有「对照检查材料」这一步。", EN: "This meeting has no comparison-check material step."}
	msgAskMaterial      = Text{ZH: "您的对照检查材料（时限 %s）已经写好了吗？确认后将登记为完成。", EN: "Is your comparison-check material (due %s) written? Confirm to mark it done."}
	msgMaterialNoPoints = Text{ZH: "\n提示：您还没有登记查摆问题（/point），对照检查材料一般以查摆出的问题为基础。", EN: "\nNote: you have recorded no self-examination points yet (/point); the comparison-check material is usually built on them."}
	msgMaterialDone     = Text{ZH: "已登记：您的对照检查材料已完成。", EN: "Recorded: your comparison-check material is done."}
	btnMaterialConfirm  = Text{ZH: "确认已完成", EN: "Yes, it is done"}
)

// /mymaterial
var msgMyMaterialCaption = Text{
	ZH: "%s\n根据您登记的学习、谈心谈话、查摆问题和整改措施生成初稿。每句事实都以批注注明来源，核对后可删除批注；【待补充】处请在 Word 中补写。",
	EN: "%s\nA draft built from your own study, talks, points and measures. Each statement of fact has a comment naming its source, to delete once checked; fill in the 【待补充】 marks in Word.",
}
