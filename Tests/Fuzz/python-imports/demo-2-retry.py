def retry(fn, times=3):
    for _ in range(times - 1):
        try:
            return fn()
        except Exception:
            pass
    return fn()
