;; Float64 kernels for the hand-written engines, two lanes at a time (WebAssembly SIMD).
;; All addresses are byte offsets into the exported memory; strides are in elements.
;; Compiled to kernelsBytes.ts by `npm run wasm` (src/sim/wasm/build.ts).
;; The engines are too small for BLAS-style blocking (matrices of 8–128 rows): what costs is the
;; per-element overhead of scalar JS loops with bounds checks, which these loops do not pay.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "tanh" (func $tanh (param f64) (result f64)))
  (import "m" "log1p" (func $log1p (param f64) (result f64)))
  (memory (export "memory") 1)

  ;; C (n×q, row-major) = acc·C + alpha·Σ_s A(i,s)·B(s,j), with A(i,s) at a + 8(i·ars + s·acs)
  ;; (so A or Aᵀ) and B(s,j) at b + 8(s·brs + j): the inner loop runs along a row of B and C.
  (func (export "gemmAx") (param $c i32) (param $a i32) (param $ars i32) (param $acs i32) (param $b i32) (param $brs i32)
      (param $n i32) (param $p i32) (param $q i32) (param $alpha f64) (param $acc i32)
    (local $i i32) (local $s i32) (local $crow i32) (local $cp i32) (local $bp i32) (local $cend i32)
    (local $x f64) (local $xv v128)
    (if (i32.eqz (local.get $acc))
      (then (memory.fill (local.get $c) (i32.const 0) (i32.shl (i32.mul (local.get $n) (local.get $q)) (i32.const 3)))))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $q)) (i32.const 3))))
        (local.set $cend (i32.add (local.get $crow) (i32.shl (i32.and (local.get $q) (i32.const -2)) (i32.const 3))))
        (local.set $s (i32.const 0))
        (block $send
          (loop $sloop
            (br_if $send (i32.ge_u (local.get $s) (local.get $p)))
            (local.set $x (f64.mul (local.get $alpha)
              (f64.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ars)) (i32.mul (local.get $s) (local.get $acs))) (i32.const 3))))))
            (local.set $xv (f64x2.splat (local.get $x)))
            (local.set $cp (local.get $crow))
            (local.set $bp (i32.add (local.get $b) (i32.shl (i32.mul (local.get $s) (local.get $brs)) (i32.const 3))))
            (block $jend
              (loop $jloop
                (br_if $jend (i32.ge_u (local.get $cp) (local.get $cend)))
                (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (f64x2.mul (local.get $xv) (v128.load (local.get $bp)))))
                (local.set $cp (i32.add (local.get $cp) (i32.const 16)))
                (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
                (br $jloop)))
            (if (i32.and (local.get $q) (i32.const 1))
              (then (f64.store (local.get $cend) (f64.add (f64.load (local.get $cend)) (f64.mul (local.get $x) (f64.load (local.get $bp)))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $sloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; C (n×q, row stride ldc) = acc·C + alpha·Σ_s A(i,s)·B(s,j) with A(i,s) at a + 8(i·ars + s·acs)
  ;; (so A or Aᵀ) and B(s,j) at b + 8(s·ldb + j), for n and q multiples of 4 (callers pad): the
  ;; dense layers of the real-data engines. Each 4×4 block of C stays in eight registers for the
  ;; whole sum over s, so per s it loads one row piece of B and four entries of A for 32 flops
  ;; (gemmAx reloads and stores its row of C for every s).
  (func (export "gemm") (param $c i32) (param $ldc i32) (param $a i32) (param $ars i32) (param $acs i32)
      (param $b i32) (param $ldb i32) (param $n i32) (param $p i32) (param $q i32) (param $alpha f64) (param $acc i32)
    (local $i i32) (local $j i32) (local $s i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $sa i32) (local $ra i32)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $av v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $sa (i32.shl (local.get $acs) (i32.const 3)))
    (local.set $ra (i32.shl (local.get $ars) (i32.const 3)))
    (local.set $av (f64x2.splat (local.get $alpha)))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $q)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ra))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $s (i32.const 0))
            (block $send
              (loop $sloop
                (br_if $send (i32.ge_u (local.get $s) (local.get $p)))
                (local.set $b0 (v128.load (local.get $pb)))
                (local.set $b1 (v128.load offset=16 (local.get $pb)))
                (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $ra)))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.shl (local.get $ra) (i32.const 1))))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.mul (local.get $ra) (i32.const 3))))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $ldb) (i32.const 3))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $sloop)))
            (local.set $pc (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (call $store4 (local.get $pc) (local.get $c00) (local.get $c01) (local.get $av) (local.get $acc))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 3))))
            (call $store4 (local.get $pc) (local.get $c10) (local.get $c11) (local.get $av) (local.get $acc))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 3))))
            (call $store4 (local.get $pc) (local.get $c20) (local.get $c21) (local.get $av) (local.get $acc))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 3))))
            (call $store4 (local.get $pc) (local.get $c30) (local.get $c31) (local.get $av) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop))))

  ;; Four entries of a row of C at pc: alpha·(lo, hi), added to what is there when acc is set.
  (func $store4 (param $pc i32) (param $lo v128) (param $hi v128) (param $av v128) (param $acc i32)
    (local.set $lo (f64x2.mul (local.get $av) (local.get $lo)))
    (local.set $hi (f64x2.mul (local.get $av) (local.get $hi)))
    (if (local.get $acc)
      (then
        (local.set $lo (f64x2.add (local.get $lo) (v128.load (local.get $pc))))
        (local.set $hi (f64x2.add (local.get $hi) (v128.load offset=16 (local.get $pc))))))
    (v128.store (local.get $pc) (local.get $lo))
    (v128.store offset=16 (local.get $pc) (local.get $hi)))

  ;; Σ_s x[s]·y[s] over n elements at byte offsets x and y.
  (func $dot (export "dot") (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $end i32) (local $sum v128) (local $r f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l)))
    (local.set $r (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))))
    (if (result f64) (i32.and (local.get $n) (i32.const 1))
      (then (f64.add (local.get $r) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
      (else (local.get $r))))

  ;; C (n×q) = acc·C + alpha·Σ_s A[i·lda + s]·B[j·ldb + s]: A·Bᵀ, each entry a dot product of two rows.
  (func (export "gemmDot") (param $c i32) (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $n i32) (param $p i32) (param $q i32) (param $alpha f64) (param $acc i32)
    (local $i i32) (local $j i32) (local $cp i32) (local $x f64)
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $q)))
            (local.set $x (f64.mul (local.get $alpha) (call $dot
              (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $lda)) (i32.const 3)))
              (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $ldb)) (i32.const 3)))
              (local.get $p))))
            (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $q)) (local.get $j)) (i32.const 3))))
            (if (local.get $acc) (then (local.set $x (f64.add (local.get $x) (f64.load (local.get $cp))))))
            (f64.store (local.get $cp) (local.get $x))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; y += alpha·x over n elements.
  (func $axpy (export "axpy") (param $y i32) (param $alpha f64) (param $x i32) (param $n i32)
    (local $end i32) (local $av v128)
    (local.set $av (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (v128.store (local.get $y) (f64x2.add (v128.load (local.get $y)) (f64x2.mul (local.get $av) (v128.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (f64.store (local.get $y) (f64.add (f64.load (local.get $y)) (f64.mul (local.get $alpha) (f64.load (local.get $x))))))))

  ;; Full reorthogonalization of w (n elements) against m orthonormal vectors stored one after
  ;; another from q: w −= (w·q_j) q_j for each j in turn (modified Gram–Schmidt).
  (func (export "orthogonalize") (param $w i32) (param $q i32) (param $m i32) (param $n i32)
    (local $j i32) (local $qj i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $qj (i32.add (local.get $q) (i32.shl (i32.mul (local.get $j) (local.get $n)) (i32.const 3))))
        (call $axpy (local.get $w) (f64.neg (call $dot (local.get $w) (local.get $qj) (local.get $n))) (local.get $qj) (local.get $n))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $l))))
  ;; One full-batch GD step of one member of the two-layer net f(x) = Σ_k a_k σ(w_k x + b_k) on
  ;; half-MSE (docs/phenomena/multistage.md), the maths of engines/twoLayerJs.ts two points at a time. x, y, f, r
  ;; and each row of H (m rows) hold n2 = n rounded up to even entries; the pad point's residual is
  ;; set to 0, so it adds nothing to the loss or the gradients. Returns the loss before the step.
  ;; tanh on an even grid x_i = x0 + i·dx: e^(2z) is geometric along a row, so two exps per neuron
  ;; (lanes i and i+1 advance by q²), tanh = 1 − 2/(e^(2z) + 1), and the odd series where |z| < 0.05
  ;; (no cancellation near 0); rows that reach |z| ≥ 20, and inputs off a grid, call Math.tanh.
  (func (export "twoLayerStep") (param $a i32) (param $w i32) (param $b i32) (param $x i32) (param $y i32)
      (param $f i32) (param $r i32) (param $H i32) (param $m i32) (param $n i32) (param $relu i32) (param $grid i32)
      (param $x0 f64) (param $dx f64) (param $scale f64) (param $update i32) (result f64)
    (local $n2 i32) (local $k i32) (local $row i32) (local $p i32) (local $xp i32) (local $fp i32) (local $end i32)
    (local $ak f64) (local $wk f64) (local $bk f64) (local $z0 f64) (local $e f64) (local $q f64) (local $t f64) (local $loss f64)
    (local $av v128) (local $wv v128) (local $bv v128) (local $ev v128) (local $q2 v128) (local $z v128) (local $z2 v128) (local $h v128)
    (local $rv v128) (local $gz v128) (local $ga v128) (local $gw v128) (local $gb v128) (local $lv v128)
    (local.set $n2 (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const -2)))
    (memory.fill (local.get $f) (i32.const 0) (i32.shl (local.get $n2) (i32.const 3)))
    ;; forward: H_ki = σ(w_k x_i + b_k), f_i = Σ_k a_k H_ki
    (local.set $k (i32.const 0))
    (block $kend
      (loop $kloop
        (br_if $kend (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $ak (f64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $wk (f64.load (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $bk (f64.load (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $av (f64x2.splat (local.get $ak)))
        (local.set $wv (f64x2.splat (local.get $wk)))
        (local.set $bv (f64x2.splat (local.get $bk)))
        (local.set $row (i32.add (local.get $H) (i32.shl (i32.mul (local.get $k) (local.get $n2)) (i32.const 3))))
        (local.set $end (i32.add (local.get $row) (i32.shl (local.get $n2) (i32.const 3))))
        (local.set $p (local.get $row))
        (local.set $xp (local.get $x))
        (local.set $fp (local.get $f))
        (local.set $z0 (f64.add (f64.mul (local.get $wk) (local.get $x0)) (local.get $bk)))
        (if (local.get $relu)
          (then
            (block $d1 (loop $l1
              (br_if $d1 (i32.ge_u (local.get $p) (local.get $end)))
              ;; pmax(0, z) is z > 0 ? z : 0, NaN included, as in the JS loop
              (local.set $h (f64x2.pmax (v128.const f64x2 0 0) (f64x2.add (f64x2.mul (local.get $wv) (v128.load (local.get $xp))) (local.get $bv))))
              (v128.store (local.get $p) (local.get $h))
              (v128.store (local.get $fp) (f64x2.add (v128.load (local.get $fp)) (f64x2.mul (local.get $av) (local.get $h))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
              (local.set $fp (i32.add (local.get $fp) (i32.const 16)))
              (br $l1))))
          (else
            (if (i32.and (local.get $grid)
                  (f64.lt (f64.max (f64.abs (local.get $z0))
                                   (f64.abs (f64.add (local.get $z0) (f64.mul (f64.convert_i32_u (i32.sub (local.get $n) (i32.const 1))) (f64.mul (local.get $wk) (local.get $dx))))))
                          (f64.const 20)))
              (then
                (local.set $e (call $exp (f64.mul (f64.const 2) (local.get $z0))))
                (local.set $q (call $exp (f64.mul (f64.const 2) (f64.mul (local.get $wk) (local.get $dx)))))
                (local.set $ev (f64x2.replace_lane 1 (f64x2.splat (local.get $e)) (f64.mul (local.get $e) (local.get $q))))
                (local.set $q2 (f64x2.splat (f64.mul (local.get $q) (local.get $q))))
                (block $d2 (loop $l2
                  (br_if $d2 (i32.ge_u (local.get $p) (local.get $end)))
                  (local.set $z (f64x2.add (f64x2.mul (local.get $wv) (v128.load (local.get $xp))) (local.get $bv)))
                  (local.set $z2 (f64x2.mul (local.get $z) (local.get $z)))
                  (local.set $h (v128.bitselect
                    ;; z − z³/3 + 2z⁵/15 − 17z⁷/315 + 62z⁹/2835 − 1382z¹¹/155925
                    (f64x2.mul (local.get $z) (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $z2)
                      (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333) (f64x2.mul (local.get $z2)
                      (f64x2.add (v128.const f64x2 0.13333333333333333 0.13333333333333333) (f64x2.mul (local.get $z2)
                      (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397) (f64x2.mul (local.get $z2)
                      (f64x2.add (v128.const f64x2 0.021869488536155203 0.021869488536155203) (f64x2.mul (local.get $z2)
                        (v128.const f64x2 -0.008863235529902197 -0.008863235529902197))))))))))))
                    (f64x2.sub (v128.const f64x2 1 1) (f64x2.div (v128.const f64x2 2 2) (f64x2.add (local.get $ev) (v128.const f64x2 1 1))))
                    (f64x2.lt (f64x2.abs (local.get $z)) (v128.const f64x2 0.05 0.05))))
                  (v128.store (local.get $p) (local.get $h))
                  (v128.store (local.get $fp) (f64x2.add (v128.load (local.get $fp)) (f64x2.mul (local.get $av) (local.get $h))))
                  (local.set $ev (f64x2.mul (local.get $ev) (local.get $q2)))
                  (local.set $p (i32.add (local.get $p) (i32.const 16)))
                  (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
                  (local.set $fp (i32.add (local.get $fp) (i32.const 16)))
                  (br $l2))))
              (else
                (block $d3 (loop $l3
                  (br_if $d3 (i32.ge_u (local.get $p) (local.get $end)))
                  (local.set $t (call $tanh (f64.add (f64.mul (local.get $wk) (f64.load (local.get $xp))) (local.get $bk))))
                  (f64.store (local.get $p) (local.get $t))
                  (f64.store (local.get $fp) (f64.add (f64.load (local.get $fp)) (f64.mul (local.get $ak) (local.get $t))))
                  (local.set $p (i32.add (local.get $p) (i32.const 8)))
                  (local.set $xp (i32.add (local.get $xp) (i32.const 8)))
                  (local.set $fp (i32.add (local.get $fp) (i32.const 8)))
                  (br $l3)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop)))
    ;; r = f − y and Σ r² over the n real points; the pad's residual is 0
    (local.set $p (i32.const 0))
    (local.set $end (i32.shl (local.get $n2) (i32.const 3)))
    (block $d4 (loop $l4
      (br_if $d4 (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $rv (f64x2.sub (v128.load (i32.add (local.get $f) (local.get $p))) (v128.load (i32.add (local.get $y) (local.get $p)))))
      (if (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (i32.shl (local.get $n) (i32.const 3)))
        (then (local.set $rv (f64x2.replace_lane 1 (local.get $rv) (f64.const 0)))))
      (v128.store (i32.add (local.get $r) (local.get $p)) (local.get $rv))
      (local.set $lv (f64x2.add (local.get $lv) (f64x2.mul (local.get $rv) (local.get $rv))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l4)))
    (local.set $loss (f64.div (f64.mul (f64.const 0.5) (f64.add (f64x2.extract_lane 0 (local.get $lv)) (f64x2.extract_lane 1 (local.get $lv))))
                              (f64.convert_i32_u (local.get $n))))
    (if (i32.eqz (local.get $update)) (then (return (local.get $loss))))
    ;; backward: ∂/∂a_k = (1/n) Σ_i r_i H_ki, ∂/∂(w_k, b_k) = (1/n) Σ_i a_k r_i σ'(z_ki) (x_i, 1)
    (local.set $k (i32.const 0))
    (block $kend2
      (loop $kloop2
        (br_if $kend2 (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $av (f64x2.splat (f64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $row (i32.add (local.get $H) (i32.shl (i32.mul (local.get $k) (local.get $n2)) (i32.const 3))))
        (local.set $ga (v128.const f64x2 0 0))
        (local.set $gw (v128.const f64x2 0 0))
        (local.set $gb (v128.const f64x2 0 0))
        (local.set $p (i32.const 0))
        (block $d5 (loop $l5
          (br_if $d5 (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $h (v128.load (i32.add (local.get $row) (local.get $p))))
          (local.set $rv (v128.load (i32.add (local.get $r) (local.get $p))))
          (local.set $ga (f64x2.add (local.get $ga) (f64x2.mul (local.get $rv) (local.get $h))))
          ;; σ'(z): 1 − h² for tanh; for ReLU the step at z > 0, i.e. h > 0 (tf.step(0) = 0 too)
          (local.set $gz (f64x2.mul (f64x2.mul (local.get $av) (local.get $rv))
            (if (result v128) (local.get $relu)
              (then (v128.and (f64x2.gt (local.get $h) (v128.const f64x2 0 0)) (v128.const f64x2 1 1)))
              (else (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h)))))))
          (local.set $gw (f64x2.add (local.get $gw) (f64x2.mul (local.get $gz) (v128.load (i32.add (local.get $x) (local.get $p))))))
          (local.set $gb (f64x2.add (local.get $gb) (local.get $gz)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $l5)))
        (local.set $p (i32.shl (local.get $k) (i32.const 3)))
        (f64.store (i32.add (local.get $a) (local.get $p)) (f64.sub (f64.load (i32.add (local.get $a) (local.get $p)))
          (f64.mul (local.get $scale) (f64.add (f64x2.extract_lane 0 (local.get $ga)) (f64x2.extract_lane 1 (local.get $ga))))))
        (f64.store (i32.add (local.get $w) (local.get $p)) (f64.sub (f64.load (i32.add (local.get $w) (local.get $p)))
          (f64.mul (local.get $scale) (f64.add (f64x2.extract_lane 0 (local.get $gw)) (f64x2.extract_lane 1 (local.get $gw))))))
        (f64.store (i32.add (local.get $b) (local.get $p)) (f64.sub (f64.load (i32.add (local.get $b) (local.get $p)))
          (f64.mul (local.get $scale) (f64.add (f64x2.extract_lane 0 (local.get $gb)) (f64x2.extract_lane 1 (local.get $gb))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kloop2)))
    (local.get $loss))
  ;; Mean-BCE loss and gradient sums of the scale-invariant net z = Σ_k relu(u_k·x) a_k + b on the
  ;; B rows listed (i32) at rows (docs/phenomena/invariant-measure.md; engines/scaleInvariantJs.ts has the maths).
  ;; u = √m V̂ is stored by coordinate: u_x, u_y, u_z, each m2 entries (m rounded up to even; a pad
  ;; neuron has u = 0 and a = 0, so it is never active). Fills Z (B×m2), gA += Σ_r relu(Z_rk)·g_r and
  ;; G_U (same layout as u) += Σ_r [Z_rk > 0] g_r a_k x_r, where g_r = (σ(z_r) − y_r)/B; writes
  ;; Σ_r (softplus(z_r) − y_r z_r) and Σ_r g_r at out. gA and G_U are zeroed first.
  (func (export "scaleInvariantLossGrad") (param $u i32) (param $a i32) (param $b f64) (param $X i32) (param $y i32)
      (param $rows i32) (param $B i32) (param $m2 i32) (param $Z i32) (param $gA i32) (param $gU i32) (param $out i32)
    (local $r i32) (local $k i32) (local $row i32) (local $zp i32) (local $ko i32) (local $plane i32)
    (local $x0 f64) (local $x1 f64) (local $x2 f64) (local $z f64) (local $yr f64) (local $g f64) (local $loss f64) (local $gb f64)
    (local $x0v v128) (local $x1v v128) (local $x2v v128) (local $zk v128) (local $acc v128) (local $gv v128) (local $mask v128) (local $ga v128)
    (local.set $plane (i32.shl (local.get $m2) (i32.const 3)))
    (memory.fill (local.get $gA) (i32.const 0) (local.get $plane))
    (memory.fill (local.get $gU) (i32.const 0) (i32.mul (local.get $plane) (i32.const 3)))
    (block $rend
      (loop $rloop
        (br_if $rend (i32.ge_u (local.get $r) (local.get $B)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $ko (i32.add (local.get $X) (i32.mul (local.get $row) (i32.const 24))))
        (local.set $x0 (f64.load (local.get $ko)))
        (local.set $x1 (f64.load offset=8 (local.get $ko)))
        (local.set $x2 (f64.load offset=16 (local.get $ko)))
        (local.set $x0v (f64x2.splat (local.get $x0)))
        (local.set $x1v (f64x2.splat (local.get $x1)))
        (local.set $x2v (f64x2.splat (local.get $x2)))
        (local.set $zp (i32.add (local.get $Z) (i32.mul (local.get $r) (local.get $plane))))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $ko (i32.const 0))
        (block $k1end
          (loop $k1
            (br_if $k1end (i32.ge_u (local.get $ko) (local.get $plane)))
            (local.set $zk (f64x2.add (f64x2.add
              (f64x2.mul (v128.load (i32.add (local.get $u) (local.get $ko))) (local.get $x0v))
              (f64x2.mul (v128.load (i32.add (i32.add (local.get $u) (local.get $plane)) (local.get $ko))) (local.get $x1v)))
              (f64x2.mul (v128.load (i32.add (i32.add (local.get $u) (i32.shl (local.get $plane) (i32.const 1))) (local.get $ko))) (local.get $x2v))))
            (v128.store (i32.add (local.get $zp) (local.get $ko)) (local.get $zk))
            ;; pmax(0, z) is z > 0 ? z : 0, NaN included, as the JS test zk > 0
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (f64x2.pmax (v128.const f64x2 0 0) (local.get $zk)) (v128.load (i32.add (local.get $a) (local.get $ko))))))
            (local.set $ko (i32.add (local.get $ko) (i32.const 16)))
            (br $k1)))
        (local.set $z (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))))
        (local.set $yr (f64.load (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3)))))
        ;; softplus(z) = log(1 + e^z) without overflow
        (local.set $loss (f64.add (local.get $loss) (f64.sub
          (if (result f64) (f64.gt (local.get $z) (f64.const 0))
            (then (f64.add (local.get $z) (call $log1p (call $exp (f64.neg (local.get $z))))))
            (else (call $log1p (call $exp (local.get $z)))))
          (f64.mul (local.get $yr) (local.get $z)))))
        (local.set $g (f64.div (f64.sub (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $z))))) (local.get $yr))
                               (f64.convert_i32_u (local.get $B))))
        (local.set $gb (f64.add (local.get $gb) (local.get $g)))
        (local.set $gv (f64x2.splat (local.get $g)))
        (local.set $ko (i32.const 0))
        (block $k2end
          (loop $k2
            (br_if $k2end (i32.ge_u (local.get $ko) (local.get $plane)))
            (local.set $zk (v128.load (i32.add (local.get $zp) (local.get $ko))))
            (local.set $mask (f64x2.gt (local.get $zk) (v128.const f64x2 0 0))) ;; tf.step(0) = 0
            (v128.store (i32.add (local.get $gA) (local.get $ko))
              (f64x2.add (v128.load (i32.add (local.get $gA) (local.get $ko))) (v128.and (local.get $mask) (f64x2.mul (local.get $zk) (local.get $gv)))))
            (local.set $ga (v128.and (local.get $mask) (f64x2.mul (local.get $gv) (v128.load (i32.add (local.get $a) (local.get $ko))))))
            (local.set $k (i32.add (local.get $gU) (local.get $ko)))
            (v128.store (local.get $k) (f64x2.add (v128.load (local.get $k)) (f64x2.mul (local.get $ga) (local.get $x0v))))
            (local.set $k (i32.add (local.get $k) (local.get $plane)))
            (v128.store (local.get $k) (f64x2.add (v128.load (local.get $k)) (f64x2.mul (local.get $ga) (local.get $x1v))))
            (local.set $k (i32.add (local.get $k) (local.get $plane)))
            (v128.store (local.get $k) (f64x2.add (v128.load (local.get $k)) (f64x2.mul (local.get $ga) (local.get $x2v))))
            (local.set $ko (i32.add (local.get $ko) (i32.const 16)))
            (br $k2)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rloop)))
    (f64.store (local.get $out) (local.get $loss))
    (f64.store offset=8 (local.get $out) (local.get $gb)))
)
