/**
 * The trainer's 3D scene with three.js: the torso (from the phantom's skin model, same seed) with surface
 * landmarks, the beating heart (the phantom's own primitives), the probe with its marker, the imaging plane
 * as a fan, and a ghost probe at the target's ideal pose. Low-poly and a few dozen meshes, so it runs in
 * headless Chromium with SwiftShader. Patient frame (cm): x = patient's left, y = anterior, z = head; the
 * root is mirrored in x so the patient's left shows on the viewer's right, as when facing the patient.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { phantomBody, torsoOf } from '../../../../server/phantom/body';
import { buildScene, landmarks } from '../../../../server/phantom/anatomy';
import { cardiacState } from '../../../../server/phantom/cardiac';
import { Tissue, type Primitive } from '../../../../server/phantom/primitives';
import type { PoseData } from '../../../../server/pose';
import { namedPoints, structuresInPlane } from './plane-structures';

type V3 = readonly [number, number, number];
const v = (p: V3) => new THREE.Vector3(p[0], p[1], p[2]);

/** Imaging fan drawn in the scene: depth (cm) and width (degrees). */
const FAN = { depthCm: 16, widthDeg: 80 };
/** Heart tissues drawn (blood pools and the liver would hide the walls). */
const DRAWN: Partial<Record<Tissue, number>> = { [Tissue.Myocardium]: 0xc0504d, [Tissue.VesselWall]: 0xd98c5f, [Tissue.Valve]: 0xf0e0a0 };

export interface SceneState {
  frames: number;
  meshes: number;
  landmarks: string[];
  probe: string;
  ghost: boolean;
  phase: number;
  /** The named structures the imaging plane cuts (plane-structures.ts). */
  structures: string[];
}

export class BodyScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 1, 400);
  private readonly controls: OrbitControls;
  private readonly root = new THREE.Group();
  private readonly heartMeshes: THREE.Mesh[] = [];
  private readonly probe: THREE.Group;
  private readonly ghost: THREE.Group;
  private readonly fan: THREE.Mesh;
  private readonly body: ReturnType<typeof phantomBody>;
  private readonly sphere = new THREE.SphereGeometry(1, 12, 8);
  private readonly cylinder = new THREE.CylinderGeometry(1, 1, 1, 10, 1, true);
  readonly state: SceneState = { frames: 0, meshes: 0, landmarks: [], probe: '', ghost: false, phase: 0, structures: [] };
  private readonly named: ReturnType<typeof namedPoints>;

  constructor(canvas: HTMLCanvasElement, seed: number) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: true });
    this.renderer.setPixelRatio(1);
    this.body = phantomBody(seed);
    this.named = namedPoints(this.body.anatomy);
    this.root.scale.set(-1, 1, 1);
    this.scene.add(this.root);
    const sun = new THREE.DirectionalLight(0xffffff, 1.5);
    sun.position.set(10, 40, 30);
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.2), sun);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(-25, 70, 15);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.set(2, 0, 0);
    this.controls.update();
    this.addTorso();
    this.addHeart();
    this.probe = this.makeProbe(0x3a7bd5, 1);
    this.ghost = this.makeProbe(0x3cb44b, 0.35);
    this.fan = this.makeFan();
    this.state.meshes = this.countMeshes();
  }

  private material(color: number, opacity = 1): THREE.MeshLambertMaterial {
    return new THREE.MeshLambertMaterial({ color, transparent: opacity < 1, opacity, side: THREE.DoubleSide, depthWrite: opacity >= 1 });
  }

  private addTorso(): void {
    const torso = torsoOf(this.body.poses);
    const cols = 40, rows = 24, z0 = -26, z1 = 18;
    const pos: number[] = [];
    const idx: number[] = [];
    for (let r = 0; r <= rows; r++) {
      for (let c = 0; c <= cols; c++) {
        const p = torso.pointAt(-Math.PI + (2 * Math.PI * c) / cols, z0 + ((z1 - z0) * r) / rows);
        pos.push(p[0], p[1], p[2]);
      }
    }
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const a = r * (cols + 1) + c, b = a + 1, d = a + cols + 1, e = d + 1;
      idx.push(a, b, e, a, e, d);
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(pos, 3));
    g.setIndex(idx);
    g.computeVertexNormals();
    this.root.add(new THREE.Mesh(g, this.material(0xe8b89a, 0.22)));
    // Landmarks on the skin: sternum and xiphoid on the midline, ribs, shoulders and hips, the apex impulse.
    const lm = landmarks(this.body.anatomy);
    const ssn = this.body.poses['ssn-arch'].pos;
    const front = (th: number, z: number) => v(torso.pointAt(th, z));
    const xiphoidZ = lm.mitral[2] - 2;
    const marks: Array<[string, THREE.Vector3, number]> = [
      ['suprasternal notch', v(ssn), 0xffffff],
      ['xiphoid', front(0, xiphoidZ), 0xffffff],
      ['apex impulse', v(this.body.poses.a4c.pos), 0xff5050],
      ["left shoulder", front(1.2, z1), 0x9999ff],
      ["right shoulder", front(-1.2, z1), 0x9999ff],
      ["right hip", front(-1.1, z0), 0x9999ff],
      ["left hip", front(1.1, z0), 0x9999ff],
    ];
    for (const [, p, color] of marks) {
      const m = new THREE.Mesh(this.sphere, this.material(color));
      m.position.copy(p);
      m.scale.setScalar(0.6);
      this.root.add(m);
    }
    this.state.landmarks = marks.map((m) => m[0]);
    const line = (pts: THREE.Vector3[], color: number) => this.root.add(new THREE.Line(new THREE.BufferGeometry().setFromPoints(pts), new THREE.LineBasicMaterial({ color })));
    line([v(ssn), front(0, xiphoidZ)], 0xffffff);
    for (let k = 0; k < 6; k++) {
      const z = ssn[2] - 3 - 3.2 * k;
      line(Array.from({ length: 17 }, (_, i) => front(-1.6 + (3.2 * i) / 16, z - 2 * Math.abs(-1.6 + (3.2 * i) / 16))), 0xbbaa99);
    }
    this.state.landmarks.push('sternum', 'ribs');
  }

  private addHeart(): void {
    for (const p of buildScene(this.body.anatomy, cardiacState(this.body.timing, 0))) {
      const color = DRAWN[p.tissue];
      if (color === undefined) continue;
      const m = new THREE.Mesh(p.kind === 'ellipsoid' ? this.sphere : this.cylinder, this.material(color, p.tissue === Tissue.Myocardium ? 0.55 : 0.8));
      this.heartMeshes.push(m);
      this.root.add(m);
    }
  }

  /** Place the heart's meshes for the cardiac state at time t (s). */
  private beat(time: number): void {
    const cs = cardiacState(this.body.timing, time);
    this.state.phase = Math.round(cs.phase * 100) / 100;
    let i = 0;
    for (const p of buildScene(this.body.anatomy, cs)) {
      if (DRAWN[p.tissue] === undefined) continue;
      place(this.heartMeshes[i++], p);
    }
  }

  private makeProbe(color: number, opacity: number): THREE.Group {
    const g = new THREE.Group();
    // Local frame: x = marker (lat), y = out of the skin (-dir), z = elevation. Footprint 2.4 x 1 cm, handle 7 cm.
    const body = new THREE.Mesh(new THREE.BoxGeometry(2.4, 7, 1.1), this.material(color, opacity));
    body.position.y = 3.5;
    const marker = new THREE.Mesh(this.sphere, this.material(0xffa500, opacity));
    marker.scale.setScalar(0.35);
    marker.position.set(1.4, 0.6, 0);
    g.add(body, marker);
    g.visible = false;
    this.root.add(g);
    return g;
  }

  private makeFan(): THREE.Mesh {
    const half = (FAN.widthDeg / 2) * (Math.PI / 180);
    const shape = new THREE.CircleGeometry(FAN.depthCm, 16, -half, 2 * half);
    // CircleGeometry lies in its local xy plane, angles from +x: rotate so the fan opens along -y (into the body).
    shape.rotateZ(-Math.PI / 2);
    const m = new THREE.Mesh(shape, this.material(0x46f0f0, 0.28));
    m.visible = false;
    this.root.add(m);
    return m;
  }

  /** Show the probe (and its imaging fan) and the ghost at the target's ideal pose. */
  setPoses(probe: PoseData | null, ghost: PoseData | null): void {
    for (const [g, p] of [[this.probe, probe], [this.ghost, ghost]] as const) {
      g.visible = p !== null;
      if (p) orient(g, p);
    }
    this.fan.visible = probe !== null;
    if (probe) orient(this.fan, probe);
    this.state.probe = probe ? probe.pos.map((x) => x.toFixed(1)).join(',') : '';
    this.state.ghost = ghost !== null;
    this.state.structures = probe ? structuresInPlane(this.named, probe) : [];
  }

  resize(w: number, h: number): void {
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / Math.max(1, h);
    this.camera.updateProjectionMatrix();
  }

  render(time: number): void {
    this.beat(time);
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
    this.state.frames++;
  }

  private countMeshes(): number {
    let n = 0;
    this.scene.traverse((o) => {
      if ((o as THREE.Mesh).isMesh || (o as THREE.Line).isLine) n++;
    });
    return n;
  }

  dispose(): void {
    this.controls.dispose();
    this.renderer.dispose();
  }
}

/** Orient an object so its local x is the marker (lat), y points out of the skin (-dir), z is elevation. */
function orient(o: THREE.Object3D, p: PoseData): void {
  const x = v(p.lat), y = v(p.dir).negate();
  const z = new THREE.Vector3().crossVectors(x, y);
  o.matrix.makeBasis(x, y, z).setPosition(v(p.pos));
  o.matrixAutoUpdate = false;
  o.matrixWorldNeedsUpdate = true;
}

/** Place a unit sphere or open cylinder mesh on a phantom primitive. */
function place(m: THREE.Mesh, p: Primitive): void {
  if (p.kind === 'ellipsoid') {
    const [a, b, c] = p.axes.map(v);
    m.matrix.makeBasis(a.multiplyScalar(p.radii[0]), b.multiplyScalar(p.radii[1]), c.multiplyScalar(p.radii[2])).setPosition(v(p.c));
  } else {
    const a = v(p.a), b = v(p.b);
    const axis = new THREE.Vector3().subVectors(b, a);
    const len = axis.length();
    const y = axis.clone().normalize();
    const x = new THREE.Vector3(1, 0, 0).cross(y).lengthSq() > 1e-6 ? new THREE.Vector3(1, 0, 0).cross(y).normalize() : new THREE.Vector3(0, 0, 1);
    const z = new THREE.Vector3().crossVectors(x, y);
    const r = (p.r0 + p.r1) / 2;
    m.matrix.makeBasis(x.multiplyScalar(r), y.multiplyScalar(len), z.multiplyScalar(r)).setPosition(a.add(b).multiplyScalar(0.5));
  }
  m.matrixAutoUpdate = false;
  m.matrixWorldNeedsUpdate = true;
}
