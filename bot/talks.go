package bot

func (h *Handlers) talkCommands() []Command { return nil }

func (h *Handlers) talkFlows() []*flow { return nil }

func (h *Handlers) talkButtons() map[string]buttonHandler { return nil }
