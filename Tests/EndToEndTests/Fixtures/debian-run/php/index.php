<?php
echo "hello from php " . PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION . "\n";
