package bot

func (h *Handlers) studyCommands() []Command { return nil }

func (h *Handlers) studyFlows() []*flow { return nil }
