"""Everything Telegram-shaped: the Application, handlers by feature, buttons, inline and guest
results, HTML rendering, chat state."""
