// A string that attacks every place the dashboard shows user strings: HTML markup, a script end tag, and line
// breaks that would end an event stream's `data:` line and start a forged frame.
export const HOSTILE =
  '<img src=x onerror="window.pwned=1"></script><script>window.pwned=2</script>\n\nevent: state\ndata: {"now":0,"actors":[],"removed":[]}\r\n';
