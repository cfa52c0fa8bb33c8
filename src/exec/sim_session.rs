//! The simulator's sessions for `--demo`: a shell that answers a few commands,
//! and port forwarding to a loopback echo server. Nothing leaves the machine.
//!
//! They write to the terminal directly (the plugin would): the text is the
//! program's own and the user's own input, already sanitised where it comes
//! from the simulated world (container and task names are generated).

#![allow(clippy::disallowed_methods)]

use std::io::{BufRead, Write};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the simulated shell answers to one line, or `None` to end the session.
pub(crate) fn answer(line: &str, container: &str, task_id: &str) -> Option<String> {
    let line = line.trim();
    let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
    let out = match cmd {
        "exit" | "logout" => return None,
        "" => String::new(),
        "hostname" => format!("ip-10-0-1-4.{task_id}\n"),
        "whoami" => "root\n".into(),
        "pwd" => "/app\n".into(),
        "ls" => "bin  config  server  static\n".into(),
        "echo" => format!("{rest}\n"),
        "ps" => format!(
            "PID   USER     COMMAND\n    1 root     /app/bin/{container}\n   42 root     /bin/sh\n"
        ),
        _ => format!("sh: {cmd}: not found (simulated shell: try ls, ps, hostname, echo, exit)\n"),
    };
    Some(out)
}

/// Runs the simulated shell on the terminal until `exit` or end of input.
pub(crate) fn shell(container: &str, task_id: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\r\nStarting session with SessionId: ecs-execute-command-demo\n\
         ecsdeck demo: a simulated shell in container {container} of task {task_id} (no AWS).\n\
         Type `exit` to return to the dashboard."
    )?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        write!(out, "# ")?;
        out.flush()?;
        let Some(line) = lines.next().transpose()? else {
            break;
        };
        match answer(&line, container, task_id) {
            Some(text) => out.write_all(text.as_bytes())?,
            None => break,
        }
    }
    writeln!(
        out,
        "\nExiting session with sessionId: ecs-execute-command-demo."
    )?;
    out.flush()
}

/// Serves port forwarding on `127.0.0.1:local_port` (0: any free port) with an
/// echo server until Enter is pressed or input ends; returns the port used.
pub(crate) async fn echo(local_port: u16) -> std::io::Result<u16> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", local_port)).await?;
    let port = listener.local_addr()?.port();
    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "\r\nStarting session with SessionId: ecsdeck-demo-port-forward\n\
             Port {port} opened for sessionId ecsdeck-demo-port-forward.\n\
             Waiting for connections... (ecsdeck demo: a loopback echo server; press Enter to end)"
        )?;
        out.flush()?;
    }
    let accept = async {
        loop {
            let Ok((mut conn, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while let Ok(n) = conn.read(&mut buf).await {
                    if n == 0 || conn.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
        }
    };
    let enter = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)
    });
    tokio::select! {
        () = accept => {}
        _ = enter => {}
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_answers_and_exits() {
        assert_eq!(
            answer("echo hi there", "app", "t1").as_deref(),
            Some("hi there\n")
        );
        assert!(answer("hostname", "app", "t1").unwrap().contains("t1"));
        assert!(
            answer("rm -rf /", "app", "t1")
                .unwrap()
                .contains("not found")
        );
        assert_eq!(answer("  exit ", "app", "t1"), None);
    }
}
