print("shown in a code block")
