#!/usr/bin/env node
// The `rapport` command. This file is committed executable; the code it runs is built into bundle/ by `npm run build`.
import "../bundle/cli.js";
