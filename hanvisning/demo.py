def hanvisning_demo(result):
    pass
