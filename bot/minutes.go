package bot

func (h *Handlers) minutesCommands() []Command { return nil }

func (h *Handlers) minutesFlows() []*flow { return nil }
