package bot

func (h *Handlers) meetingCommands() []Command { return nil }

func (h *Handlers) meetingFlows() []*flow { return nil }
