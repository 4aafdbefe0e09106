package bot

func (h *Handlers) statusCommands() []Command { return nil }
