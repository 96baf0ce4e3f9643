reader --port /dev/ttyUSB0
