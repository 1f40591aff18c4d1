from helpers import hio

def main():
    hio.to_file('/tmp/out', 'backtest')
