WARNING:
BUG:
BUG .*Objects remaining
Oops
general protection
Call Trace
KASAN
kmemleak
UBSAN
Kernel panic
blocked for more than
detected stall
waiting for .* to become free
