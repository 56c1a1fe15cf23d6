;; Area-averaging crop and resize of a grey frame (capture/crop-scale.ts, CropPlan), in WebAssembly SIMD:
;; the column sums of each output row's source rows 16 pixels at a time (16-bit lanes: at most 257 rows a
;; cell), then each output pixel's run of columns, rounded as Math.round(sum / n) (half up, integers only).
;; Build: npm run build:wasm (scripts/build-wasm.ts writes crop-simd-wasm.ts from this file).
;;
;; Memory (set up by the caller): the frame at $src (row-major, $W bytes a row, 16 spare bytes after it: a
;; load may read past a row's box), per output column two i32 (first column, one past the last; relative to
;; $left) at $xt, per output row two i32 (first source row, number of rows) at $yt, 16-bit column sums
;; scratch at $cs (2 x ($span + 16) bytes), the output at $out (uint8 $outW x $outH).
(module
  (memory (export "memory") 1)
  (func (export "crop")
    (param $src i32) (param $W i32) (param $left i32) (param $span i32) (param $outW i32) (param $outH i32)
    (param $xt i32) (param $yt i32) (param $cs i32) (param $out i32)
    (local $oy i32) (local $ya i32) (local $rows i32) (local $x i32) (local $p i32) (local $r i32)
    (local $lo v128) (local $hi v128) (local $v v128)
    (local $ox i32) (local $a i32) (local $b i32) (local $sum i32) (local $n i32) (local $q i32)
    (loop $eachRow
      (local.set $q (i32.add (local.get $yt) (i32.shl (local.get $oy) (i32.const 3))))
      (local.set $ya (i32.load (local.get $q)))
      (local.set $rows (i32.load offset=4 (local.get $q)))
      ;; Column sums of this output row's source rows, 16 columns at a time.
      (local.set $x (i32.const 0))
      (block $summed
        (loop $eachBlock
          (br_if $summed (i32.ge_u (local.get $x) (local.get $span)))
          (local.set $lo (v128.const i32x4 0 0 0 0))
          (local.set $hi (v128.const i32x4 0 0 0 0))
          (local.set $p (i32.add (local.get $src)
            (i32.add (i32.mul (local.get $ya) (local.get $W)) (i32.add (local.get $left) (local.get $x)))))
          (local.set $r (local.get $rows))
          (loop $eachSourceRow
            (local.set $v (v128.load (local.get $p)))
            (local.set $lo (i16x8.add (local.get $lo) (i16x8.extend_low_i8x16_u (local.get $v))))
            (local.set $hi (i16x8.add (local.get $hi) (i16x8.extend_high_i8x16_u (local.get $v))))
            (local.set $p (i32.add (local.get $p) (local.get $W)))
            (br_if $eachSourceRow (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
          (local.set $q (i32.add (local.get $cs) (i32.shl (local.get $x) (i32.const 1))))
          (v128.store (local.get $q) (local.get $lo))
          (v128.store offset=16 (local.get $q) (local.get $hi))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br $eachBlock)))
      ;; Each output pixel: the sum of its columns over n = rows x columns pixels, round(sum / n).
      (local.set $ox (i32.const 0))
      (loop $eachPixel
        (local.set $q (i32.add (local.get $xt) (i32.shl (local.get $ox) (i32.const 3))))
        (local.set $a (i32.load (local.get $q)))
        (local.set $b (i32.load offset=4 (local.get $q)))
        (local.set $sum (i32.const 0))
        (local.set $x (local.get $a))
        (loop $eachColumn
          (local.set $sum (i32.add (local.get $sum)
            (i32.load16_u (i32.add (local.get $cs) (i32.shl (local.get $x) (i32.const 1))))))
          (br_if $eachColumn (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $b))))
        (local.set $n (i32.mul (local.get $rows) (i32.sub (local.get $b) (local.get $a))))
        (i32.store8
          (i32.add (local.get $out) (i32.add (i32.mul (local.get $oy) (local.get $outW)) (local.get $ox)))
          (i32.div_u (i32.add (i32.shl (local.get $sum) (i32.const 1)) (local.get $n)) (i32.shl (local.get $n) (i32.const 1))))
        (br_if $eachPixel (i32.lt_u (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $outW))))
      (br_if $eachRow (i32.lt_u (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $outH))))))
