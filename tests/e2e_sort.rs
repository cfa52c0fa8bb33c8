//! End-to-end: sorting the services by a column, reversing it, and
//! filtering them with `column:value` terms, on `--demo` in a pty.

mod e2e_support;

use e2e_support::{Spawn, key, rows, selected_rows};

/// The service rows of the table under the header naming `NAME`, as
/// (name, desired count).
fn services(s: &vt100::Screen) -> Vec<(String, u32)> {
    let all = rows(s);
    let Some(header) = all.iter().position(|r| r.contains("DES/RUN/PEN")) else {
        return Vec::new();
    };
    all[header + 1..]
        .iter()
        .take_while(|r| r.starts_with('│'))
        .filter_map(|r| {
            let mut cells = r.trim_matches('│').split_whitespace();
            let name = cells.next()?.to_string();
            let counts = cells.find(|c| c.split('/').count() == 3)?;
            let desired = counts.split('/').next()?.parse().ok()?;
            Some((name, desired))
        })
        .collect()
}

fn names(s: &vt100::Screen) -> Vec<String> {
    services(s).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn sort_the_services_by_a_column_reverse_it_and_filter_by_column() {
    let mut t = Spawn::demo(&[]).start();
    t.wait_all(&["cluster: prod", "services [6]", "catalog", "worker"]);
    t.wait_for("the own order: by name", |s| {
        let n = names(s);
        n.len() == 6 && n.windows(2).all(|w| w[0] <= w[1])
    });

    // `,` sorts by NAME, again by STATUS, again by DES/RUN/PEN.
    t.send(",");
    t.wait_text("NAME▲");
    t.send(",,");
    t.wait_text("DES/RUN/PEN▲");
    t.assert_absent("NAME▲");
    t.wait_for("fewest desired tasks first", |s| {
        let d: Vec<u32> = services(s).iter().map(|(_, d)| *d).collect();
        d.len() == 6 && d.windows(2).all(|w| w[0] <= w[1])
    });

    // `.` reverses it; the selected service stays selected.
    t.send("g");
    let first = t.with_screen(|s| names(s).first().cloned().unwrap_or_default());
    t.wait_for("the first row selected", |s| {
        selected_rows(s).iter().any(|r| r.contains(&first))
    });
    t.send(".");
    t.wait_text("DES/RUN/PEN▼");
    t.wait_text("sorted by DES/RUN/PEN ▼ (descending)");
    t.wait_for("most desired tasks first, same row selected", |s| {
        let d: Vec<u32> = services(s).iter().map(|(_, d)| *d).collect();
        d.len() == 6
            && d.windows(2).all(|w| w[0] >= w[1])
            && selected_rows(s).iter().any(|r| r.contains(&first))
    });

    // A column filter: only the services whose NAME contains `web`.
    t.send("/name:web");
    t.wait_for("only web-api", |s| names(s) == ["web-api"]);
    t.send(key::ENTER);
    t.wait_text("services [1/6] /name:web");

    // Column and free text together; a column that does not exist hides nothing.
    t.send(key::ESC);
    t.wait_text("services [6]");
    t.send("/status:active pay");
    t.wait_for("payments alone", |s| names(s) == ["payments"]);
    for _ in 0.."status:active pay".len() {
        t.send(key::BACKSPACE);
    }
    t.send("colour:red");
    t.wait_text(r#"no column "colour" (ignored)"#);
    t.wait_for("every service still listed", |s| names(s).len() == 6);
    t.send(key::ESC);
    t.wait_text("services [6]");
}
