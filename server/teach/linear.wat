;; The taught head's matrix products (linear.ts), in WebAssembly SIMD: f32 row-major matrices whose rows are
;; zero-padded to a multiple of 8 floats, so every loop takes 8 floats (two f32x4) at a time with no tail.
;; Build: npm run build:wasm (scripts/build-wasm.ts writes linear-wasm.ts from this file).
;;
;; Offsets and row strides are in bytes; $d (floats) is a multiple of 8; $n and $k may be zero.
(module
  (memory (export "memory") 1)

  ;; out[i][c] = a[i] . b[c] over the first $d floats, for i < $n, c < $k.
  (func (export "abt")
    (param $a i32) (param $as i32) (param $n i32) (param $b i32) (param $bs i32) (param $k i32) (param $d i32)
    (param $out i32) (param $os i32)
    (local $i i32) (local $c i32) (local $j i32) (local $end i32) (local $pa i32) (local $pb i32)
    (local $s0 v128) (local $s1 v128)
    (local.set $end (i32.shl (local.get $d) (i32.const 2)))
    (block $none
      (br_if $none (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $k))))
      (loop $eachRow
        (local.set $c (i32.const 0))
        (loop $eachCol
          (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $as))))
          (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $c) (local.get $bs))))
          (local.set $s0 (v128.const f32x4 0 0 0 0))
          (local.set $s1 (v128.const f32x4 0 0 0 0))
          (local.set $j (i32.const 0))
          (block $summed
            (loop $eachEight
              (br_if $summed (i32.ge_u (local.get $j) (local.get $end)))
              (local.set $s0 (f32x4.add (local.get $s0)
                (f32x4.mul (v128.load (i32.add (local.get $pa) (local.get $j))) (v128.load (i32.add (local.get $pb) (local.get $j))))))
              (local.set $s1 (f32x4.add (local.get $s1)
                (f32x4.mul (v128.load offset=16 (i32.add (local.get $pa) (local.get $j)))
                           (v128.load offset=16 (i32.add (local.get $pb) (local.get $j))))))
              (local.set $j (i32.add (local.get $j) (i32.const 32)))
              (br $eachEight)))
          (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
          (f32.store
            (i32.add (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $os))) (i32.shl (local.get $c) (i32.const 2)))
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
              (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $eachCol (i32.lt_u (local.get $c) (local.get $k))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $eachRow (i32.lt_u (local.get $i) (local.get $n))))))

  ;; out[c] += sum over i < $n of g[i][c] x[i], over the first $d floats of each row, for c < $k.
  (func (export "gtx")
    (param $g i32) (param $gs i32) (param $n i32) (param $k i32) (param $x i32) (param $xs i32) (param $d i32)
    (param $out i32) (param $os i32)
    (local $i i32) (local $c i32) (local $j i32) (local $end i32) (local $px i32) (local $po i32) (local $gv v128)
    (local.set $end (i32.shl (local.get $d) (i32.const 2)))
    (block $none
      (br_if $none (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $k))))
      (loop $eachRow
        (local.set $px (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $xs))))
        (local.set $c (i32.const 0))
        (loop $eachCol
          (local.set $gv (f32x4.splat (f32.load
            (i32.add (i32.add (local.get $g) (i32.mul (local.get $i) (local.get $gs))) (i32.shl (local.get $c) (i32.const 2))))))
          (local.set $po (i32.add (local.get $out) (i32.mul (local.get $c) (local.get $os))))
          (local.set $j (i32.const 0))
          (block $added
            (loop $eachEight
              (br_if $added (i32.ge_u (local.get $j) (local.get $end)))
              (v128.store (i32.add (local.get $po) (local.get $j))
                (f32x4.add (v128.load (i32.add (local.get $po) (local.get $j)))
                  (f32x4.mul (local.get $gv) (v128.load (i32.add (local.get $px) (local.get $j))))))
              (v128.store offset=16 (i32.add (local.get $po) (local.get $j))
                (f32x4.add (v128.load offset=16 (i32.add (local.get $po) (local.get $j)))
                  (f32x4.mul (local.get $gv) (v128.load offset=16 (i32.add (local.get $px) (local.get $j))))))
              (local.set $j (i32.add (local.get $j) (i32.const 32)))
              (br $eachEight)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $eachCol (i32.lt_u (local.get $c) (local.get $k))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $eachRow (i32.lt_u (local.get $i) (local.get $n)))))))
