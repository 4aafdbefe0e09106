package bot

func (h *Handlers) pointCommands() []Command { return nil }

func (h *Handlers) pointFlows() []*flow { return nil }

func (h *Handlers) pointButtons() map[string]buttonHandler { return nil }
