//! Solver timings on generated instances: retail and dense (12 staff, 150 events, 14 days),
//! large (60 staff, 1,000 events, 28 days) and huge (500 staff, 10,000 events, 28 days).

use criterion::{Criterion, criterion_group, criterion_main};
use kairos_domain::workforce::bench_gen::{Profile, generate};
use kairos_domain::workforce::solver::solve;

fn sizes(c: &mut Criterion) {
    let cases = [
        (
            "retail_12x150x14",
            generate(1, 12, 150, 14, Profile::Retail),
            50,
        ),
        (
            "dense_12x150x14",
            generate(1, 12, 150, 14, Profile::Dense),
            20,
        ),
        (
            "large_60x1000x28",
            generate(1, 60, 1000, 28, Profile::Retail),
            10,
        ),
        (
            "huge_500x10000x28",
            generate(1, 500, 10_000, 28, Profile::Retail),
            10,
        ),
    ];
    for (name, instance, samples) in cases {
        let mut group = c.benchmark_group("solve");
        group.sample_size(samples);
        group.bench_function(name, |b| b.iter(|| solve(&instance)));
        group.finish();
    }
}

criterion_group!(benches, sizes);
criterion_main!(benches);
