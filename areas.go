package orglife

// Area is one of the six areas of self-examination (查摆问题的六个方面).
type Area int

// The six areas, in the order the documents list them.
const (
	AreaTheory         Area = iota + 1 // 理论学习
	AreaPolitics                       // 政治素质
	AreaCapability                     // 能力本领
	AreaResponsibility                 // 担当作为
	AreaWorkStyle                      // 工作作风
	AreaIntegrity                      // 廉洁自律
)

// Areas lists the six areas in document order.
var Areas = []Area{AreaTheory, AreaPolitics, AreaCapability, AreaResponsibility, AreaWorkStyle, AreaIntegrity}

var areaNames = map[Area][2]string{
	AreaTheory:         {"理论学习", "Theory study"},
	AreaPolitics:       {"政治素质", "Political quality"},
	AreaCapability:     {"能力本领", "Capability"},
	AreaResponsibility: {"担当作为", "Responsibility"},
	AreaWorkStyle:      {"工作作风", "Work style"},
	AreaIntegrity:      {"廉洁自律", "Integrity"},
}

// Valid reports whether a is one of the six areas.
func (a Area) Valid() bool { _, ok := areaNames[a]; return ok }

// Name is the area as users read it.
func (a Area) Name(lang Lang) string { return localName(areaNames[a], lang) }

// Source is one of the five ways a problem was found (查摆方式).
type Source int

// The five sources.
const (
	SourceSelf       Source = iota + 1 // 自己找
	SourceMasses                       // 群众提
	SourceSuperiors                    // 上级点
	SourceMutual                       // 互相帮
	SourceCollective                   // 集体议
)

// Sources lists the five sources in document order.
var Sources = []Source{SourceSelf, SourceMasses, SourceSuperiors, SourceMutual, SourceCollective}

var sourceNames = map[Source][2]string{
	SourceSelf:       {"自己找", "Found myself"},
	SourceMasses:     {"群众提", "Raised by the masses"},
	SourceSuperiors:  {"上级点", "Pointed out by superiors"},
	SourceMutual:     {"互相帮", "Mutual help"},
	SourceCollective: {"集体议", "Collective discussion"},
}

// Valid reports whether s is one of the five sources.
func (s Source) Valid() bool { _, ok := sourceNames[s]; return ok }

// Name is the source as users read it.
func (s Source) Name(lang Lang) string { return localName(sourceNames[s], lang) }

func localName(names [2]string, lang Lang) string {
	if lang == LangEN {
		return names[1]
	}
	return names[0]
}
