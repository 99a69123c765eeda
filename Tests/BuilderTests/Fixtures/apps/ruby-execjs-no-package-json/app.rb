require 'execjs'
puts ExecJS.eval("'red yellow blue'.split(' ')")
