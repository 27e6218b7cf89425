print("speedai-rules")
